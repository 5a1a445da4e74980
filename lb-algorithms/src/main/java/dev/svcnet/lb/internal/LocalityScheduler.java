package dev.svcnet.lb.internal;

import java.util.List;

/** What {@code ip_vs_lblc} and {@code ip_vs_lblcr} share. */
final class LocalityScheduler {

  private LocalityScheduler() {}

  /**
   * lblc/lblcr {@code is_overloaded}: more active connections than weight while some destination
   * of the service is below half its weight. (The overload flag is not consulted here.)
   */
  static boolean isOverloaded(Dest dest, List<Dest> dests) {
    if (dest.activeConns > dest.weight) {
      for (int i = 0, n = dests.size(); i < n; i++) {
        Dest other = dests.get(i);
        if (other.activeConns * 2L < other.weight) {
          return true;
        }
      }
    }
    return false;
  }
}
