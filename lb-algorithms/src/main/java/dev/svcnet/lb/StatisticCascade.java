package dev.svcnet.lb;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * kube-proxy's iptables-mode load balancing as the kernel executes it (kube-proxy.md §3.3, §3.4,
 * §4): for endpoint i of n, a rule {@code -m statistic --mode random --probability 1/(n-i)}
 * printed with {@code %0.10f}; iptables stores {@code lround(p * 2^31)} and the kernel matches
 * when {@code (random u32 & 0x7FFFFFFF) < stored}. The last endpoint's rule always matches.
 * Because of the rounding, the shares are not exactly 1/n; {@link #shares()} gives them exactly.
 *
 * @param rules the n-1 statistic rules, in chain order
 * @param shares the exact probability that endpoint i receives a new connection; n entries that
 *     add up to 1
 */
public record StatisticCascade(List<StatisticRule> rules, List<BigDecimal> shares) {

  private static final BigDecimal TWO_TO_31 = BigDecimal.valueOf(1L << 31);

  public StatisticCascade {
    InvalidValueException.notNull(rules, "rules");
    InvalidValueException.notNull(shares, "shares");
    rules = List.copyOf(rules);
    shares = List.copyOf(shares);
    InvalidValueException.require(shares.size() == rules.size() + 1, "shares",
        "must have one entry more than rules");
  }

  /**
   * One statistic rule.
   *
   * @param kubeProxyProbability the text kube-proxy writes, {@code %0.10f} of 1/k
   * @param threshold the u32 the kernel compares with: {@code lround(p * 2^31)}
   * @param iptablesSave the text iptables-save prints back, {@code %.11f} of threshold/2^31
   */
  public record StatisticRule(String kubeProxyProbability, long threshold, String iptablesSave) {

    public StatisticRule {
      InvalidValueException.notNull(kubeProxyProbability, "kubeProxyProbability");
      InvalidValueException.require(threshold >= 0 && threshold <= (1L << 31), "threshold",
          "must be between 0 and 2^31, was " + threshold);
      InvalidValueException.notNull(iptablesSave, "iptablesSave");
    }

    /** The exact probability that this rule matches: threshold / 2^31. */
    public BigDecimal matchProbability() {
      return new BigDecimal(threshold).divide(TWO_TO_31);
    }
  }

  /**
   * The cascade for {@code n} endpoints.
   *
   * @throws InvalidValueException naming {@code endpoints} if n &lt; 1
   */
  public static StatisticCascade forEndpoints(int n) {
    InvalidValueException.require(n >= 1, "endpoints", "must be at least 1, was " + n);
    List<StatisticRule> rules = new ArrayList<>();
    for (int i = 0; i < n - 1; i++) {
      rules.add(rule(n - i));
    }
    List<BigDecimal> shares = new ArrayList<>();
    BigDecimal remaining = BigDecimal.ONE;
    for (StatisticRule rule : rules) {
      BigDecimal share = remaining.multiply(rule.matchProbability());
      shares.add(share);
      remaining = remaining.subtract(share);
    }
    shares.add(remaining);
    return new StatisticCascade(rules, shares);
  }

  /** The rule kube-proxy writes for "1 in k". */
  public static StatisticRule rule(int k) {
    InvalidValueException.require(k >= 1, "k", "must be at least 1, was " + k);
    String text = kubeProxyProbability(k);
    long threshold = threshold(Double.parseDouble(text));
    return new StatisticRule(text, threshold, iptablesSave(threshold));
  }

  /**
   * Go's {@code fmt.Sprintf("%0.10f", 1.0/float64(k))}: the exact binary value of the double,
   * rounded half to even at 10 decimals.
   */
  public static String kubeProxyProbability(int k) {
    return new BigDecimal(1.0 / k).setScale(10, RoundingMode.HALF_EVEN).toPlainString();
  }

  /**
   * libxt_statistic's {@code lround(0x80000000 * p)}: nearest integer, halves away from zero.
   *
   * @throws InvalidValueException naming {@code probability} outside [0, 1]
   */
  public static long threshold(double probability) {
    InvalidValueException.require(probability >= 0 && probability <= 1, "probability",
        "must be between 0 and 1, was " + probability);
    return new BigDecimal(probability).multiply(TWO_TO_31).setScale(0, RoundingMode.HALF_UP)
        .longValueExact();
  }

  /** iptables-save's {@code %.11f} of threshold / 2^31 (C printf rounds the exact value). */
  public static String iptablesSave(long threshold) {
    return new BigDecimal(threshold).divide(TWO_TO_31).setScale(11, RoundingMode.HALF_EVEN)
        .toPlainString();
  }

  /** The share of endpoint i as a double. */
  public double share(int i) {
    return shares.get(i).doubleValue();
  }

  /** The largest relative deviation of any share from 1/n, e.g. {@code 2.0E-9}. */
  public double maxRelativeError() {
    int n = shares.size();
    BigDecimal ideal = BigDecimal.ONE.divide(BigDecimal.valueOf(n), 40, RoundingMode.HALF_EVEN);
    double worst = 0;
    for (BigDecimal share : shares) {
      worst = Math.max(worst, share.subtract(ideal).abs()
          .divide(ideal, 40, RoundingMode.HALF_EVEN).doubleValue());
    }
    return worst;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < shares.size(); i++) {
      String rule = i < rules.size() ? "--probability " + rules.get(i).iptablesSave() : "(last)";
      text.append(String.format(Locale.ROOT, "%d %s share %s%n", i, rule,
          shares.get(i).toPlainString()));
    }
    return text.toString();
  }
}
