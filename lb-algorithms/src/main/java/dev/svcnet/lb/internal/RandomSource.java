package dev.svcnet.lb.internal;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/** Thread-safe random numbers without allocation: per-thread, or one seeded sequence. */
final class RandomSource {

  private final Random seeded;

  RandomSource(Long seed) {
    this.seeded = seed == null ? null : new Random(seed);
  }

  int nextInt() {
    return seeded != null ? seeded.nextInt() : ThreadLocalRandom.current().nextInt();
  }

  int nextInt(int bound) {
    return seeded != null ? seeded.nextInt(bound) : ThreadLocalRandom.current().nextInt(bound);
  }

  long nextLong() {
    return seeded != null ? seeded.nextLong() : ThreadLocalRandom.current().nextLong();
  }
}
