package dev.svcnet.lb.internal;

import dev.svcnet.lb.Packet;
import java.util.List;

/**
 * {@code ip_vs_nq} (ipvs.md §4.6): the first eligible destination without active connections;
 * otherwise minimal {@code (active+1)/weight} by cross-multiplication, first in list on ties.
 */
final class NeverQueueScheduler implements Scheduler {

  @Override
  public Dest schedule(List<Dest> dests, Packet packet) {
    Dest least = null;
    long leastOverhead = 0;
    for (int i = 0, n = dests.size(); i < n; i++) {
      Dest dest = dests.get(i);
      if (dest.overloaded || dest.weight == 0) {
        continue;
      }
      long overhead = dest.activeConns + 1L;
      if (dest.activeConns == 0) {
        return dest;
      }
      if (least == null || leastOverhead * dest.weight > overhead * least.weight) {
        least = dest;
        leastOverhead = overhead;
      }
    }
    return least;
  }
}
