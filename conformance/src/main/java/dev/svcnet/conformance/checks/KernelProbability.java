package dev.svcnet.conformance.checks;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How {@code -m statistic --mode random --probability P} is stored and printed: libxt_statistic
 * stores {@code lround(P * 2^31)} as a u32, the kernel matches with exactly that / 2^31, and
 * iptables-save prints it with {@code %.11f} (kube-proxy.md section 4).
 */
final class KernelProbability {

  private static final double TWO_TO_31 = 0x80000000L;

  private KernelProbability() {}

  /** The u32 the kernel stores for the probability text {@code given} (0..1). */
  static long stored(String given) {
    double value = Double.parseDouble(given);
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException("probability must be 0..1, got " + given);
    }
    // lround: nearest, ties away from zero; the product is non-negative.
    return (long) Math.floor(value * TWO_TO_31 + 0.5);
  }

  /** What iptables-save prints for a stored u32: printf's %.11f of the exact binary value. */
  static String printed(long stored) {
    return printed(stored, false);
  }

  /**
   * Like {@link #printed(long)}; {@code faulty} (the test-only fault switch of {@link
   * dev.svcnet.conformance.Settings#faultyModels()}) truncates instead of rounding.
   */
  static String printed(long stored, boolean faulty) {
    BigDecimal exact = new BigDecimal(stored / TWO_TO_31);
    return exact.setScale(11, faulty ? RoundingMode.DOWN : RoundingMode.HALF_EVEN)
        .toPlainString();
  }
}
