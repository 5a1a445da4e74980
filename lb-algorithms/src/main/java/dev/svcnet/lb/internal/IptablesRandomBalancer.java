package dev.svcnet.lb.internal;

import dev.svcnet.lb.Backend;
import dev.svcnet.lb.Balancer;
import dev.svcnet.lb.StatisticCascade;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * kube-proxy's iptables cascade executed as the kernel does: backends with positive weight sorted
 * by id as strings (kube-proxy sorts {@code ip:port} strings), rule i matches when
 * {@code (random u32 & 0x7FFFFFFF) < threshold_i}, the last backend takes the rest. Weights are
 * otherwise ignored, as in kube-proxy.
 */
public final class IptablesRandomBalancer implements Balancer {

  private static final class Chain {
    final List<Backend> backends;
    final Backend[] sorted;
    final long[] thresholds;

    Chain(List<Backend> backends, Backend[] sorted) {
      this.backends = backends;
      this.sorted = sorted;
      StatisticCascade cascade =
          sorted.length == 0 ? null : StatisticCascade.forEndpoints(sorted.length);
      this.thresholds = new long[Math.max(0, sorted.length - 1)];
      for (int i = 0; i < thresholds.length; i++) {
        thresholds[i] = cascade.rules().get(i).threshold();
      }
    }
  }

  private final RandomSource random;
  private volatile Chain chain = new Chain(List.of(), new Backend[0]);

  public IptablesRandomBalancer(Long seed) {
    this.random = new RandomSource(seed);
  }

  @Override
  public Backend pick(long key) {
    return next();
  }

  @Override
  public Backend next() {
    Chain current = chain;
    Backend[] sorted = current.sorted;
    if (sorted.length == 0) {
      return null;
    }
    long[] thresholds = current.thresholds;
    for (int i = 0; i < thresholds.length; i++) {
      if ((random.nextInt() & 0x7FFFFFFF) < thresholds[i]) {
        return sorted[i];
      }
    }
    return sorted[sorted.length - 1];
  }

  @Override
  public void update(List<Backend> backends) {
    List<Backend> copy = BackendList.copyOf(backends);
    Backend[] sorted = BackendList.weighted(copy);
    Arrays.sort(sorted, Comparator.comparing(Backend::id));
    chain = new Chain(copy, sorted);
  }

  @Override
  public List<Backend> backends() {
    return chain.backends;
  }
}
