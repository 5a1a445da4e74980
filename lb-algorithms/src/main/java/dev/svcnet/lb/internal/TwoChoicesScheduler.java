package dev.svcnet.lb.internal;

import dev.svcnet.lb.Packet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code ip_vs_twos} (ipvs.md §4.12): two independent uniform points in {@code [0, total weight]}
 * ({@code get_random_u32_below(total + 1)}), each mapped to the first eligible destination whose
 * cumulative weight reaches it (so the first eligible one also takes the point 0); the second wins
 * if {@code w2 * overhead1 > w1 * overhead2}, in the kernel's 32-bit int arithmetic. The kernel's
 * random numbers cannot be reproduced; this one draws from a seeded generator.
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
    long rweight1 = random.nextLong(total + 1);
    long rweight2 = random.nextLong(total + 1);
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
    if (choice2 != null && choice2.weight * (int) choice1.overhead()
        > choice1.weight * (int) choice2.overhead()) {
      return choice2;
    }
    return choice1;
  }

  private static boolean eligible(Dest dest) {
    return !dest.overloaded && dest.weight > 0;
  }
}
