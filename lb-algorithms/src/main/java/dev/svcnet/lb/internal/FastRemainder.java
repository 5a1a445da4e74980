package dev.svcnet.lb.internal;

/**
 * {@code x mod d} for an unsigned 32-bit {@code x} and a fixed divisor, without a division
 * (Lemire, Kaser and Kurz, "Faster Remainder by Direct Computation", 2019): {@code c = ceil(2^64 /
 * d)} is computed once, then {@code x mod d = ((c * x) mod 2^64) * d / 2^64}. Exact for every
 * 32-bit x and every d in 1..2^31-1.
 */
final class FastRemainder {
  private final long divisor;
  private final long c;

  FastRemainder(int divisor) {
    if (divisor < 1) {
      throw new IllegalArgumentException("divisor must be positive, got " + divisor);
    }
    this.divisor = divisor;
    this.c = Long.divideUnsigned(-1L, divisor) + 1;
  }

  /** {@code Integer.toUnsignedLong(x) % divisor}. */
  int of(int x) {
    long lowBits = c * Integer.toUnsignedLong(x);
    // The high 64 bits of the unsigned 128-bit product lowBits * divisor (divisor < 2^31).
    return (int) (Math.multiplyHigh(lowBits, divisor) + ((lowBits >> 63) & divisor));
  }
}
