package dev.svcnet.netfilter.internal;

import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.IptablesSyntaxException;
import dev.svcnet.netfilter.Rule;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.RuleSetCodec;

/** {@link RuleSetCodec} over {@link SaveParser}, {@link RuleParser} and {@link RuleFormatter}. */
public final class SaveTextCodec implements RuleSetCodec {
  private final RuleChecks checks;

  /** A codec whose parses leave every rule check to the {@link RuleSet} constructor. */
  public SaveTextCodec() {
    this(RuleChecks.IN_RULE_SET);
  }

  /** A codec whose parses make the rule set's checks with {@code checks}. */
  public SaveTextCodec(RuleChecks checks) {
    this.checks = checks;
  }

  @Override
  public RuleSet parse(String text, IpFamily family) {
    return SaveParser.parse(text, family, checks);
  }

  @Override
  public String format(RuleSet ruleSet, boolean withCounters) {
    return SaveFormatter.format(ruleSet, withCounters);
  }

  @Override
  public Rule parseRule(String arguments, IpFamily family) {
    if (arguments.indexOf('\n') >= 0 || arguments.indexOf('\r') >= 0) {
      throw new IptablesSyntaxException(1, arguments.indexOf('\n') + 1, "a rule is one line");
    }
    return RuleParser.parse(RestoreTokenizer.tokenize(arguments, 1), family, 1, null);
  }

  @Override
  public String formatRule(Rule rule, IpFamily family) {
    return RuleFormatter.format(rule, family);
  }
}
