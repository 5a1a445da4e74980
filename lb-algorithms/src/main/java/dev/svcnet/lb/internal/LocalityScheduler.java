package dev.svcnet.lb.internal;

import java.util.List;

/** The two decisions {@code ip_vs_lblc} and {@code ip_vs_lblcr} share (the kernel has each twice). */
final class LocalityScheduler {

  private LocalityScheduler() {}

  /**
   * {@code __ip_vs_lblc_schedule} / {@code __ip_vs_lblcr_schedule}: the wlc rule over the whole
   * service with {@code ip_vs_dest_conn_overhead} (active * 256 + inactive).
   */
  static Dest leastLoaded(List<Dest> dests) {
    return WeightedLeastScheduler.weightedLeast(dests, Dest::overhead);
  }

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
