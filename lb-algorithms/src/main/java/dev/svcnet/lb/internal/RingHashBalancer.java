package dev.svcnet.lb.internal;

import dev.svcnet.lb.Backend;
import dev.svcnet.lb.Balancer;
import dev.svcnet.lb.InvalidValueException;
import java.util.Arrays;
import java.util.List;

/**
 * A consistent-hash ring sized as Envoy sizes its ring hash (ipvs.md §5): with normalised weights
 * {@code w_i / sum}, {@code scale = min(ceil(minWeight * minRing) / minWeight, maxRing)}; backend i
 * contributes points {@code id_0, id_1, ...} while the running count of points is below the running
 * target {@code sum(scale * w_j)}. A key goes to the first point at or after it (unsigned),
 * wrapping around.
 */
public final class RingHashBalancer implements Balancer {

  private static final class Ring {
    final List<Backend> backends;
    final long[] hashes;
    final Backend[] owners;

    Ring(List<Backend> backends, long[] hashes, Backend[] owners) {
      this.backends = backends;
      this.hashes = hashes;
      this.owners = owners;
    }
  }

  private final int minRingSize;
  private final int maxRingSize;
  private final RandomSource random = new RandomSource(null);
  private volatile Ring ring = new Ring(List.of(), new long[0], new Backend[0]);

  public RingHashBalancer(int minRingSize, int maxRingSize) {
    if (minRingSize < 1) {
      throw new InvalidValueException("minRingSize", "must be positive, was " + minRingSize);
    }
    if (maxRingSize < minRingSize) {
      throw new InvalidValueException("maxRingSize", "must be at least minRingSize "
          + minRingSize + ", was " + maxRingSize);
    }
    this.minRingSize = minRingSize;
    this.maxRingSize = maxRingSize;
  }

  @Override
  public Backend pick(long key) {
    Ring current = ring;
    long[] hashes = current.hashes;
    int n = hashes.length;
    if (n == 0) {
      return null;
    }
    // first index whose hash >= key, unsigned
    int low = 0;
    int high = n;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (Long.compareUnsigned(hashes[mid], key) < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return current.owners[low == n ? 0 : low];
  }

  @Override
  public Backend next() {
    return pick(random.nextLong());
  }

  @Override
  public void update(List<Backend> backends) {
    List<Backend> copy = BackendList.copyOf(backends);
    Backend[] weighted = BackendList.weighted(copy);
    if (weighted.length == 0) {
      ring = new Ring(copy, new long[0], new Backend[0]);
      return;
    }
    long total = 0;
    int minWeight = Integer.MAX_VALUE;
    for (Backend backend : weighted) {
      total += backend.weight();
      minWeight = Math.min(minWeight, backend.weight());
    }
    double minNormalized = (double) minWeight / total;
    double scale = Math.min(Math.ceil(minNormalized * minRingSize) / minNormalized, maxRingSize);
    int capacity = (int) Math.ceil(scale) + weighted.length;
    long[] points = new long[capacity];
    Backend[] pointOwners = new Backend[capacity];
    int count = 0;
    double current = 0;
    double target = 0;
    for (Backend backend : weighted) {
      target += scale * backend.weight() / total;
      for (int i = 0; current < target; i++, current++) {
        points[count] = Hash64.hash(backend.id() + "_" + i, 0);
        pointOwners[count] = backend;
        count++;
      }
    }
    Integer[] order = new Integer[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    long[] unsorted = points;
    Arrays.sort(order, (a, b) -> Long.compareUnsigned(unsorted[a], unsorted[b]));
    long[] hashes = new long[count];
    Backend[] owners = new Backend[count];
    for (int i = 0; i < count; i++) {
      hashes[i] = points[order[i]];
      owners[i] = pointOwners[order[i]];
    }
    ring = new Ring(copy, hashes, owners);
  }

  @Override
  public List<Backend> backends() {
    return ring.backends;
  }

  /** The number of points on the ring, for tests. */
  int size() {
    return ring.hashes.length;
  }
}
