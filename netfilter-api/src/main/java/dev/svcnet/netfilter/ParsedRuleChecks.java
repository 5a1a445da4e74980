package dev.svcnet.netfilter;

import dev.svcnet.netfilter.internal.RuleChecks;
import java.util.List;

/** {@link RuleChecks} for the standard codec: each rule is checked as it is read, not again. */
final class ParsedRuleChecks implements RuleChecks {

  @Override
  public void check(Rule rule, Table table, IpFamily family, ChainName chain) {
    RuleSet.checkFamily(rule, family, chain);
    RuleSet.checkTable(rule, table, chain);
  }

  @Override
  public RuleSet ruleSet(IpFamily family, List<TableRules> tables, List<InvalidRuleException> failures) {
    return new RuleSet(family, new CheckedTables(family, List.copyOf(tables), failures));
  }

  /**
   * Tables whose rules were all checked for {@code family}, with the first failure of each:
   * the one form of the {@link RuleSet} constructor's argument for which it does not check the
   * rules again. Only this package can make one.
   */
  static final class CheckedTables extends java.util.AbstractList<TableRules> {
    private final IpFamily family;
    private final List<TableRules> tables;
    private final List<InvalidRuleException> failures;

    CheckedTables(IpFamily family, List<TableRules> tables, List<InvalidRuleException> failures) {
      if (failures.size() != tables.size()) {
        throw new IllegalArgumentException("one failure (or null) per table");
      }
      this.family = family;
      this.tables = tables;
      this.failures = new java.util.ArrayList<>(failures);
    }

    @Override
    public TableRules get(int index) {
      return tables.get(index);
    }

    @Override
    public int size() {
      return tables.size();
    }

    /** Whether the rules were checked for {@code family}. */
    boolean checkedFor(IpFamily family) {
      return this.family == family;
    }

    /** The first failure of the checks of table {@code index}'s rules, or null. */
    InvalidRuleException failure(int index) {
      return failures.get(index);
    }
  }
}
