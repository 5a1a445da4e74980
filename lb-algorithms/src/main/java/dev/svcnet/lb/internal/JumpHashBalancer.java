package dev.svcnet.lb.internal;

import dev.svcnet.lb.Backend;
import dev.svcnet.lb.Balancer;
import java.util.List;

/**
 * Jump consistent hash (Lamping and Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm",
 * 2014) over the backends with positive weight, in the order given.
 */
public final class JumpHashBalancer implements Balancer {

  private static final class Buckets {
    final List<Backend> backends;
    final Backend[] weighted;

    Buckets(List<Backend> backends, Backend[] weighted) {
      this.backends = backends;
      this.weighted = weighted;
    }
  }

  private final RandomSource random = new RandomSource(null);
  private volatile Buckets buckets = new Buckets(List.of(), new Backend[0]);

  /** The bucket in {@code [0, n)} for {@code key}. */
  public static int bucket(long key, int n) {
    long b = -1;
    long j = 0;
    while (j < n) {
      b = j;
      key = key * 2862933555777941757L + 1;
      j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
    }
    return (int) b;
  }

  @Override
  public Backend pick(long key) {
    Backend[] weighted = buckets.weighted;
    return weighted.length == 0 ? null : weighted[bucket(key, weighted.length)];
  }

  @Override
  public Backend next() {
    return pick(random.nextLong());
  }

  @Override
  public void update(List<Backend> backends) {
    List<Backend> copy = BackendList.copyOf(backends);
    buckets = new Buckets(copy, BackendList.weighted(copy));
  }

  @Override
  public List<Backend> backends() {
    return buckets.backends;
  }
}
