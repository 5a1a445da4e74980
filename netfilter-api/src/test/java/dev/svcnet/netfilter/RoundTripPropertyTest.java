package dev.svcnet.netfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.svcnet.harness.netns.InNetworkNamespace;
import dev.svcnet.netfilter.testing.KernelRoundTrip;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The round trip through the kernel: for random rule sets R, restoring R and parsing what
 * iptables-save prints gives canonical(R), on both backends and both families. (The conformance
 * suite's {@code netfilter.round-trip} checks the same property with the same generator.)
 */
@InNetworkNamespace
class RoundTripPropertyTest {
  private static final int EXAMPLES = Integer.getInteger("svcnet.netfilter.examples", 40);

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"LEGACY, IPV4", "NFT, IPV4", "LEGACY, IPV6", "NFT, IPV6"})
  void parseOfSaveAfterRestoreIsTheCanonicalRuleSet(Backend backend, IpFamily family) {
    Iptables iptables = Iptables.of(backend, family);
    qt().withExamples(EXAMPLES).withShrinkCycles(3).forAll(Generators.ruleSets(family))
        .checkAssert(ruleSet -> {
          try {
            assertThat(KernelRoundTrip.disagreement(iptables, ruleSet)).isEmpty();
          } catch (java.io.IOException e) {
            throw new AssertionError(e);
          }
        });
  }
}
