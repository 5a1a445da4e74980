package dev.svcnet.netfilter.internal;

import dev.svcnet.netfilter.ChainName;
import dev.svcnet.netfilter.InvalidRuleException;
import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.Rule;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.Table;
import dev.svcnet.netfilter.TableRules;
import java.util.List;

/**
 * How a parse gets the checks that {@link RuleSet} makes of every rule (its family, and targets
 * that belong to one table). The codec that {@code RuleSetCodec.standard()} returns has them made
 * while each rule is read, and hands the rule set over without a second pass over the rules; any
 * other codec leaves them to the {@link RuleSet} constructor ({@link #IN_RULE_SET}). Only the
 * model's own package can build a rule set that skips them.
 */
public interface RuleChecks {

  /** Checks nothing while parsing: the {@link RuleSet} constructor checks every rule. */
  RuleChecks IN_RULE_SET = new RuleChecks() {
    @Override
    public void check(Rule rule, Table table, IpFamily family, ChainName chain) {}

    @Override
    public RuleSet ruleSet(IpFamily family, List<TableRules> tables, List<InvalidRuleException> failures) {
      return new RuleSet(family, tables);
    }
  };

  /**
   * Makes {@link RuleSet}'s checks of {@code rule}, of {@code chain} in {@code table}, for {@code
   * family}.
   *
   * @throws InvalidRuleException as the rule set's constructor would throw it
   */
  void check(Rule rule, Table table, IpFamily family, ChainName chain);

  /**
   * The rule set of {@code tables}, every rule of which was given to {@link #check}; {@code
   * failures} has, for each table, the first exception those checks threw in the order the rule
   * set checks its rules (chains in order, rules in order), or null.
   */
  RuleSet ruleSet(IpFamily family, List<TableRules> tables, List<InvalidRuleException> failures);
}
