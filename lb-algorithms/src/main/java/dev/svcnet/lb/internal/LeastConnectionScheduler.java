package dev.svcnet.lb.internal;

import dev.svcnet.lb.Packet;
import java.util.List;

/** {@code ip_vs_lc} (ipvs.md §4.3): minimal {@code active*256 + inactive}, first in list wins. */
final class LeastConnectionScheduler implements Scheduler {

  @Override
  public Dest schedule(List<Dest> dests, Packet packet) {
    Dest least = null;
    long leastOverhead = 0;
    for (int i = 0, n = dests.size(); i < n; i++) {
      Dest dest = dests.get(i);
      if (dest.overloaded || dest.weight == 0) {
        continue;
      }
      long overhead = dest.overhead();
      if (least == null || overhead < leastOverhead) {
        least = dest;
        leastOverhead = overhead;
      }
    }
    return least;
  }
}
