package dev.svcnet.netfilter;

import static org.quicktheories.generators.SourceDSL.integers;

import dev.svcnet.netfilter.testing.RandomRuleSets;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/** {@link RandomRuleSets} as QuickTheories generators, so that QuickTheories shrinks them. */
final class Generators {
  private Generators() {}

  static Gen<RuleSet> ruleSets(IpFamily family) {
    return in -> RandomRuleSets.ruleSet(family, choices(in));
  }

  static Gen<String> hostileText(int maxLength) {
    return in -> RandomRuleSets.hostileText(maxLength, choices(in));
  }

  private static RandomRuleSets.Choices choices(RandomnessSource in) {
    return (low, high) -> integers().between(low, high).generate(in);
  }
}
