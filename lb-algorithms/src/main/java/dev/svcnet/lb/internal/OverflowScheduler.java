package dev.svcnet.lb.internal;

import dev.svcnet.lb.Packet;
import java.util.List;

/**
 * {@code ip_vs_ovf} (ipvs.md §4.8): among destinations not overloaded, with weight &gt; 0 and
 * {@code active <= weight}, the highest weight, first on ties.
 */
final class OverflowScheduler implements Scheduler {

  @Override
  public Dest schedule(List<Dest> dests, Packet packet) {
    Dest highest = null;
    for (int i = 0, n = dests.size(); i < n; i++) {
      Dest dest = dests.get(i);
      int weight = dest.weight;
      if (dest.overloaded || dest.activeConns > weight || weight == 0) {
        continue;
      }
      if (highest == null || weight > highest.weight) {
        highest = dest;
      }
    }
    return highest;
  }
}
