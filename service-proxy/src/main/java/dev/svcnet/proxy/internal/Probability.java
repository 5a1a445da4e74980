package dev.svcnet.proxy.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** kube-proxy's {@code computeProbability(n)}: Go's {@code %0.10f} of {@code 1.0/n}. */
public final class Probability {

  /** Like kube-proxy's precomputedProbabilities: the strings for n up to 1000, made once. */
  private static final String[] PRECOMPUTED = new String[1001];

  static {
    for (int n = 1; n < PRECOMPUTED.length; n++) {
      PRECOMPUTED[n] = compute(n);
    }
  }

  private Probability() {}

  /**
   * {@code 1/n} with 10 decimals, rounded half-even on the exact binary value of the double as Go
   * does ({@code 1/3} gives {@code 0.3333333333}, {@code 1/6} {@code 0.1666666667}).
   */
  public static String of(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    return n < PRECOMPUTED.length ? PRECOMPUTED[n] : compute(n);
  }

  private static String compute(int n) {
    // new BigDecimal(double) is the exact binary value, so rounding it is exactly what Go's
    // strconv does with the shortest-exact decimal expansion.
    return new BigDecimal(1.0 / n).setScale(10, RoundingMode.HALF_EVEN).toPlainString();
  }
}
