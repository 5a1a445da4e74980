package dev.svcnet.lb.internal;

import dev.svcnet.lb.Packet;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The kernel's weighted-least scan shared by {@code wlc} (overhead {@code active*256 + inactive},
 * ipvs.md §4.4) and {@code sed} (overhead {@code active + 1}, §4.5): the first non-overloaded
 * destination with weight &gt; 0 starts, every later non-overloaded one replaces it when
 * {@code loh * w(dest) > doh * w(least)}. Later weight-0 destinations are not skipped but never
 * win.
 */
final class WeightedLeastScheduler implements Scheduler {

  /** {@code ip_vs_wlc}. */
  static WeightedLeastScheduler wlc() {
    return new WeightedLeastScheduler(Dest::overhead);
  }

  /** {@code ip_vs_sed}. */
  static WeightedLeastScheduler sed() {
    return new WeightedLeastScheduler(dest -> dest.activeConns + 1L);
  }

  private final ToLongFunction<Dest> overhead;

  private WeightedLeastScheduler(ToLongFunction<Dest> overhead) {
    this.overhead = overhead;
  }

  @Override
  public Dest schedule(List<Dest> dests, Packet packet) {
    return weightedLeast(dests, overhead);
  }

  /** The wlc rule over {@code dests} with this overhead (also used by lblc and lblcr). */
  static Dest weightedLeast(List<Dest> dests, ToLongFunction<Dest> overhead) {
    int n = dests.size();
    int first = 0;
    while (first < n && (dests.get(first).overloaded || dests.get(first).weight <= 0)) {
      first++;
    }
    if (first == n) {
      return null;
    }
    Dest least = dests.get(first);
    long leastOverhead = overhead.applyAsLong(least);
    for (int i = first + 1; i < n; i++) {
      Dest dest = dests.get(i);
      if (dest.overloaded) {
        continue;
      }
      long destOverhead = overhead.applyAsLong(dest);
      if (leastOverhead * dest.weight > destOverhead * least.weight) {
        least = dest;
        leastOverhead = destOverhead;
      }
    }
    return least;
  }
}
