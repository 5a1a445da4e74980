package dev.svcnet.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatisticCascadeTest {

  /** The round-trip table of kube-proxy.md §4.2 (one row checked against a real iptables-save). */
  @ParameterizedTest(name = "1/{0}: {1} -> {2} -> {3}")
  @CsvSource({
      "2, 0.5000000000, 1073741824, 0.50000000000",
      "3, 0.3333333333, 715827883, 0.33333333349",
      "4, 0.2500000000, 536870912, 0.25000000000",
      "5, 0.2000000000, 429496730, 0.20000000019",
      "6, 0.1666666667, 357913941, 0.16666666651",
      "7, 0.1428571429, 306783378, 0.14285714272",
      "8, 0.1250000000, 268435456, 0.12500000000",
      "9, 0.1111111111, 238609294, 0.11111111101",
      "10, 0.1000000000, 214748365, 0.10000000009"})
  void ruleTextsAndKernelThresholdMatchTheSpecTable(int k, String kubeProxy, long threshold,
      String saved) {
    StatisticCascade.StatisticRule rule = StatisticCascade.rule(k);
    assertThat(rule.kubeProxyProbability()).isEqualTo(kubeProxy);
    assertThat(rule.threshold()).isEqualTo(threshold);
    assertThat(rule.iptablesSave()).isEqualTo(saved);
  }

  @Test
  void fourEndpointsGetOneQuarterThenOneThirdThenOneHalfThenTheRest() {
    StatisticCascade cascade = StatisticCascade.forEndpoints(4);
    assertThat(cascade.rules()).extracting(StatisticCascade.StatisticRule::kubeProxyProbability)
        .containsExactly("0.2500000000", "0.3333333333", "0.5000000000");
    assertThat(cascade.shares()).hasSize(4);
  }

  @Test
  void exactSharesAddUpToOneAndFollowFromTheRoundedThresholds() {
    for (int n = 1; n <= 40; n++) {
      StatisticCascade cascade = StatisticCascade.forEndpoints(n);
      assertThat(cascade.shares().stream().reduce(BigDecimal.ZERO, BigDecimal::add))
          .isEqualByComparingTo(BigDecimal.ONE);
    }
    StatisticCascade three = StatisticCascade.forEndpoints(3);
    BigDecimal first = new BigDecimal(715827883).divide(new BigDecimal(1L << 31));
    assertThat(three.shares().get(0)).isEqualByComparingTo(first);
    BigDecimal half = BigDecimal.ONE.subtract(first).divide(new BigDecimal(2));
    assertThat(three.shares().get(1)).isEqualByComparingTo(half);
    assertThat(three.shares().get(2)).isEqualByComparingTo(half);
    assertThat(three.share(0)).isGreaterThan(1.0 / 3);
    assertThat(three.maxRelativeError()).isBetween(1e-10, 1e-8);
  }

  @Test
  void kubeProxyTextRoundsTheExactBinaryValueHalfToEvenAsGoDoes() {
    // 1/2048 = 0.00048828125 exactly: a tie at the 10th decimal, Go rounds to even.
    assertThat(StatisticCascade.kubeProxyProbability(2048)).isEqualTo("0.0004882812");
    assertThat(StatisticCascade.threshold(0.5)).isEqualTo(1L << 30);
    assertThat(StatisticCascade.threshold(1.0)).isEqualTo(1L << 31);
  }

  @Test
  void theExecutedCascadeMatchesTheExactSharesStatistically() {
    Balancer balancer = Balancers.iptablesRandom(7);
    balancer.update(java.util.List.of(Backend.of("10.0.0.3:80"), Backend.of("10.0.0.1:80"),
        Backend.of("10.0.0.2:80"), Backend.of("10.0.0.10:80")));
    int draws = 400_000;
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < draws; i++) {
      counts.merge(balancer.next().id(), 1, Integer::sum);
    }
    StatisticCascade cascade = StatisticCascade.forEndpoints(4);
    // kube-proxy order: "10.0.0.1:80" < "10.0.0.10:80" < "10.0.0.2:80" < "10.0.0.3:80"
    String[] sorted = {"10.0.0.1:80", "10.0.0.10:80", "10.0.0.2:80", "10.0.0.3:80"};
    for (int i = 0; i < 4; i++) {
      double p = cascade.share(i);
      double sigma = Math.sqrt(draws * p * (1 - p));
      assertThat((double) counts.get(sorted[i])).isCloseTo(draws * p,
          org.assertj.core.data.Offset.offset(5 * sigma));
    }
  }
}
