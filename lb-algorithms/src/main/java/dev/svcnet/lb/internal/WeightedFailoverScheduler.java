package dev.svcnet.lb.internal;

import dev.svcnet.lb.Packet;
import java.util.List;

/** {@code ip_vs_fo} (ipvs.md §4.7): the highest weight &gt; 0 not overloaded, first on ties. */
final class WeightedFailoverScheduler implements Scheduler {

  @Override
  public Dest schedule(List<Dest> dests, Packet packet) {
    Dest highest = null;
    int highestWeight = 0;
    for (int i = 0, n = dests.size(); i < n; i++) {
      Dest dest = dests.get(i);
      if (!dest.overloaded && dest.weight > highestWeight) {
        highest = dest;
        highestWeight = dest.weight;
      }
    }
    return highest;
  }
}
