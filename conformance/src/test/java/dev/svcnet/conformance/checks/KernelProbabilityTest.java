package dev.svcnet.conformance.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KernelProbabilityTest {

  /** The round-trip table of kube-proxy.md section 4.2. */
  @ParameterizedTest(name = "{0} -> {1} -> {2}")
  @CsvSource({
      "0.5000000000, 1073741824, 0.50000000000",
      "0.3333333333, 715827883, 0.33333333349",
      "0.2500000000, 536870912, 0.25000000000",
      "0.2000000000, 429496730, 0.20000000019",
      "0.1666666667, 357913941, 0.16666666651",
      "0.1428571429, 306783378, 0.14285714272",
      "0.1250000000, 268435456, 0.12500000000",
      "0.1111111111, 238609294, 0.11111111101",
      "0.1000000000, 214748365, 0.10000000009",
      "1.0000000000, 2147483648, 1.00000000000",
      "0.0000000000, 0, 0.00000000000",
  })
  void kubeProxyProbabilitiesRoundTripAsTheSpecTableSays(String given, long stored, String printed) {
    assertThat(KernelProbability.stored(given)).isEqualTo(stored);
    assertThat(KernelProbability.printed(stored)).isEqualTo(printed);
  }
}
