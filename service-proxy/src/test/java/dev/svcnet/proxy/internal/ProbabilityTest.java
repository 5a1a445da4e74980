package dev.svcnet.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** kube-proxy's probability strings, spec §3.4/§4.2 table. */
class ProbabilityTest {

  @ParameterizedTest
  @CsvSource({
      "1, 1.0000000000",
      "2, 0.5000000000",
      "3, 0.3333333333",
      "4, 0.2500000000",
      "5, 0.2000000000",
      "6, 0.1666666667",
      "7, 0.1428571429",
      "8, 0.1250000000",
      "9, 0.1111111111",
      "10, 0.1000000000",
      "1000, 0.0010000000",
  })
  void isGoPercent010fOfOneOverN(int n, String expected) {
    assertThat(Probability.of(n)).isEqualTo(expected);
  }
}
