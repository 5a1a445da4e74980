package dev.svcnet.lb.internal;

import dev.svcnet.lb.Packet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code ip_vs_twos} (ipvs.md §4.12): two random points in {@code [0, total weight]}, each mapped
 * to the destination whose cumulative weight reaches it; the second wins if
 * {@code w2 * overhead1 > w1 * overhead2}. The kernel's random numbers cannot be reproduced; this
 * one draws its u32s from a seeded generator.
 */
final class TwoChoicesScheduler implements Scheduler {

  private final SplittableRandom random;

  TwoChoicesScheduler(long seed) {
    this.random = new SplittableRandom(seed);
  }

  @Override
  public Dest schedule(List<Dest> dests, Packet packet) {
    long total = 0;
    for (Dest dest : dests) {
      if (eligible(dest)) {
        total += dest.weight;
      }
    }
    if (total == 0) {
      return null;
    }
    long rweight1 = Integer.toUnsignedLong(random.nextInt()) % (total + 1);
    long rweight2 = Integer.toUnsignedLong(random.nextInt()) % (total + 1);
    Dest choice1 = null;
    Dest choice2 = null;
    for (Dest dest : dests) {
      if (!eligible(dest)) {
        continue;
      }
      rweight1 -= dest.weight;
      rweight2 -= dest.weight;
      if (rweight1 <= 0 && choice1 == null) {
        choice1 = dest;
      }
      if (rweight2 <= 0 && choice2 == null) {
        choice2 = dest;
      }
      if (choice1 != null && choice2 != null) {
        break;
      }
    }
    if (choice2 != null
        && (long) choice2.weight * choice1.overhead() > (long) choice1.weight * choice2.overhead()) {
      return choice2;
    }
    return choice1;
  }

  private static boolean eligible(Dest dest) {
    return !dest.overloaded && dest.weight > 0;
  }
}
