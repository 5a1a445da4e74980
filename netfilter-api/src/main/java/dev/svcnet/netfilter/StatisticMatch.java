package dev.svcnet.netfilter;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * {@code -m statistic}: random with a probability, or every n-th packet.
 *
 * <p>The kernel keeps a random probability as a u32, {@code lround(p * 2^31)}, and iptables-save
 * prints {@code u32 / 2^31} with {@code %.11f}. This record stores that u32, so {@code
 * random(0.3333333333)} and {@code random(0.33333333349)} are equal and print as the kernel will.
 */
public record StatisticMatch(Mode mode, long probabilityU32, int every, int packet, boolean negated)
    implements Match {
  /** 2^31: the u32 that means probability 1. */
  public static final long ONE = 0x80000000L;

  /** Random or nth. */
  public enum Mode {
    RANDOM, NTH
  }

  public StatisticMatch {
    InvalidRuleException.notNull(mode, "mode");
    if (mode == Mode.RANDOM) {
      if (probabilityU32 < 0 || probabilityU32 > ONE) {
        throw new InvalidRuleException("probability", "u32 must be between 0 and 2^31, got " + probabilityU32);
      }
      InvalidRuleException.require(every == 0 && packet == 0, "every",
          "random mode takes no --every/--packet");
    } else {
      InvalidRuleException.require(probabilityU32 == 0, "probability", "nth mode takes no probability");
      if (every < 1) {
        throw new InvalidRuleException("every", "must be at least 1, got " + every);
      }
      if (packet < 0 || packet >= every) {
        throw new InvalidRuleException("packet", "must be between 0 and every-1 (" + (every - 1) + "), got " + packet);
      }
    }
  }

  /** Matches with probability {@code p} (0..1), rounded as the kernel stores it. */
  public static StatisticMatch random(double probability) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new InvalidRuleException("probability", "must be between 0 and 1, got " + probability);
    }
    return new StatisticMatch(Mode.RANDOM, Math.round(probability * ONE), 0, 0, false);
  }

  /** Matches packet number {@code packet} (0-based) of every {@code every}. */
  public static StatisticMatch nth(int every, int packet) {
    return new StatisticMatch(Mode.NTH, 0, every, packet, false);
  }

  /** The effective probability, {@code u32 / 2^31}, exactly. */
  public double probability() {
    return (double) probabilityU32 / ONE;
  }

  /** The probability as iptables-save prints it: {@code %.11f} of the exact u32 value. */
  public String probabilityText() {
    // u32 / 2^31 is exact as a double, and BigDecimal(double) is its exact decimal value.
    return new BigDecimal((double) probabilityU32 / ONE).setScale(11, RoundingMode.HALF_EVEN).toPlainString();
  }

  public StatisticMatch negate() {
    return new StatisticMatch(mode, probabilityU32, every, packet, !negated);
  }

  @Override
  public String module() {
    return "statistic";
  }
}
