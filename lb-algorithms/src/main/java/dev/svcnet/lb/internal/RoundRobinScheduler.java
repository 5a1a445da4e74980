package dev.svcnet.lb.internal;

import dev.svcnet.lb.Packet;
import java.util.List;

/** {@code ip_vs_rr} (ipvs.md §4.1). */
final class RoundRobinScheduler implements Scheduler {

  private final ListPointer last = new ListPointer();

  @Override
  public void removed(List<Dest> dests, Dest dest, int formerIndex) {
    if (last.dest() == dest) {
      // The pointer moves to the node before the removed one (the head if it was first).
      last.set(dests, formerIndex - 1);
    }
  }

  @Override
  public Dest schedule(List<Dest> dests, Packet packet) {
    int start = last.index(dests);
    int n = dests.size();
    for (int i = start + 1; i < n; i++) {
      if (eligible(dests.get(i))) {
        last.set(dests, i);
        return dests.get(i);
      }
    }
    // Second pass from the head up to and including the last pick (only if we did not start at
    // the head).
    for (int i = 0; i <= start; i++) {
      if (eligible(dests.get(i))) {
        last.set(dests, i);
        return dests.get(i);
      }
    }
    return null;
  }

  private static boolean eligible(Dest dest) {
    return !dest.overloaded && dest.weight > 0;
  }
}
