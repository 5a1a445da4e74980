package dev.svcnet.lb.internal;

import dev.svcnet.lb.Backend;
import dev.svcnet.lb.Balancer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Power of two choices over outstanding requests: two candidates drawn at random in proportion to
 * weight (independently, so they may coincide), the one with fewer outstanding requests per
 * weight wins, the first on ties. Outstanding counts are kept per id across updates.
 */
public final class LeastRequestBalancer implements Balancer {

  private static final class State {
    final List<Backend> backends;
    final Backend[] weighted;
    /** cumulative weights, for the weighted draws */
    final long[] cumulative;
    final Map<String, Integer> indexById;
    final AtomicIntegerArray outstanding;

    State(List<Backend> backends, Backend[] weighted, AtomicIntegerArray outstanding) {
      this.backends = backends;
      this.weighted = weighted;
      this.cumulative = new long[weighted.length];
      this.indexById = new HashMap<>();
      long sum = 0;
      for (int i = 0; i < weighted.length; i++) {
        sum += weighted[i].weight();
        cumulative[i] = sum;
        indexById.put(weighted[i].id(), i);
      }
      this.outstanding = outstanding;
    }

    long totalWeight() {
      return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
    }
  }

  private final RandomSource random;
  private volatile State state =
      new State(List.of(), new Backend[0], new AtomicIntegerArray(0));

  public LeastRequestBalancer(Long seed) {
    this.random = new RandomSource(seed);
  }

  @Override
  public Backend pick(long key) {
    return next();
  }

  @Override
  public Backend next() {
    State current = state;
    long total = current.totalWeight();
    if (total == 0) {
      return null;
    }
    int first = draw(current, total);
    int second = draw(current, total);
    long firstLoad = (long) current.outstanding.get(first) * current.weighted[second].weight();
    long secondLoad = (long) current.outstanding.get(second) * current.weighted[first].weight();
    int winner = secondLoad < firstLoad ? second : first;
    current.outstanding.incrementAndGet(winner);
    return current.weighted[winner];
  }

  private int draw(State current, long total) {
    long point = total <= Integer.MAX_VALUE
        ? random.nextInt((int) total)
        : Long.remainderUnsigned(random.nextLong(), total);
    long[] cumulative = current.cumulative;
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (cumulative[mid] <= point) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  @Override
  public void release(Backend backend) {
    State current = state;
    Integer index = current.indexById.get(backend.id());
    if (index != null) {
      current.outstanding.updateAndGet(index, count -> count > 0 ? count - 1 : 0);
    }
  }

  @Override
  public synchronized void update(List<Backend> backends) {
    List<Backend> copy = BackendList.copyOf(backends);
    Backend[] weighted = BackendList.weighted(copy);
    State old = state;
    AtomicIntegerArray outstanding = new AtomicIntegerArray(weighted.length);
    for (int i = 0; i < weighted.length; i++) {
      Integer before = old.indexById.get(weighted[i].id());
      if (before != null) {
        outstanding.set(i, old.outstanding.get(before));
      }
    }
    state = new State(copy, weighted, outstanding);
  }

  @Override
  public List<Backend> backends() {
    return state.backends;
  }

  /** Outstanding requests of a backend, for tests. */
  int outstanding(String id) {
    State current = state;
    Integer index = current.indexById.get(id);
    return index == null ? 0 : current.outstanding.get(index);
  }
}
