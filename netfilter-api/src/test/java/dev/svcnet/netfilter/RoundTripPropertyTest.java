package dev.svcnet.netfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.svcnet.harness.netns.InNetworkNamespace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The round trip through the kernel: for random rule sets R, restoring R and parsing what
 * iptables-save prints gives canonical(R), on both backends and both families.
 */
@InNetworkNamespace
class RoundTripPropertyTest {
  private static final int EXAMPLES = Integer.getInteger("svcnet.netfilter.examples", 40);

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"LEGACY, IPV4", "NFT, IPV4", "LEGACY, IPV6", "NFT, IPV6"})
  void parseOfSaveAfterRestoreIsTheCanonicalRuleSet(Backend backend, IpFamily family) {
    Iptables iptables = Iptables.of(backend, family);
    qt().withExamples(EXAMPLES).withShrinkCycles(3).forAll(RuleSets.ruleSets(family))
        .checkAssert(ruleSet -> {
          try {
            iptables.replace(ruleSet, false);
            RuleSet saved = iptables.save();
            for (TableRules expected : ruleSet.canonical().tables()) {
              TableRules actual = saved.table(expected.table()).orElseThrow();
              assertThat(withoutCounters(actual)).isEqualTo(expected);
            }
          } catch (Exception e) {
            throw new AssertionError(e.getMessage() + "\nfor\n"
                + RuleSetCodec.standard().format(ruleSet, false), e);
          }
        });
  }

  static TableRules withoutCounters(TableRules table) {
    return new TableRules(table.table(), table.chains().stream()
        .map(c -> new Chain(c.name(), c.policy(), Counters.ZERO,
            c.rules().stream().map(Rule::withoutCounters).toList()))
        .toList());
  }
}
