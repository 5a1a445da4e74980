package dev.svcnet.netfilter.internal;

import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.IptablesSyntaxException;
import dev.svcnet.netfilter.Rule;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.RuleSetCodec;

/** {@link RuleSetCodec} over {@link SaveParser}, {@link RuleParser} and {@link RuleFormatter}. */
public final class SaveTextCodec implements RuleSetCodec {

  @Override
  public RuleSet parse(String text, IpFamily family) {
    return SaveParser.parse(text, family);
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
