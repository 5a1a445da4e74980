package dev.svcnet.lb.internal;

import dev.svcnet.lb.Backend;
import dev.svcnet.lb.Balancer;
import java.util.List;

/**
 * nginx's smooth weighted round robin: on every pick each backend's current weight grows by its
 * weight, the largest current weight wins (the first on ties) and loses the total. Over any
 * {@code sum(weights)} consecutive picks each backend is picked exactly {@code weight} times, and
 * picks of one backend are spread out rather than bunched. Picks are serialised by a lock.
 */
public final class SmoothWeightedRoundRobinBalancer implements Balancer {

  private static final class Peers {
    final List<Backend> backends;
    final Backend[] weighted;
    final long[] current;
    final long total;

    Peers(List<Backend> backends, Backend[] weighted) {
      this.backends = backends;
      this.weighted = weighted;
      this.current = new long[weighted.length];
      long sum = 0;
      for (Backend backend : weighted) {
        sum += backend.weight();
      }
      this.total = sum;
    }
  }

  private Peers peers = new Peers(List.of(), new Backend[0]);

  @Override
  public Backend pick(long key) {
    return next();
  }

  @Override
  public synchronized Backend next() {
    Backend[] weighted = peers.weighted;
    long[] current = peers.current;
    int best = -1;
    for (int i = 0; i < weighted.length; i++) {
      current[i] += weighted[i].weight();
      if (best < 0 || current[i] > current[best]) {
        best = i;
      }
    }
    if (best < 0) {
      return null;
    }
    current[best] -= peers.total;
    return weighted[best];
  }

  @Override
  public synchronized void update(List<Backend> backends) {
    List<Backend> copy = BackendList.copyOf(backends);
    peers = new Peers(copy, BackendList.weighted(copy));
  }

  @Override
  public synchronized List<Backend> backends() {
    return peers.backends;
  }
}
