package dev.svcnet.netfilter;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A partial update of one table: {@code chains} are written in full (a user chain is created if
 * missing and its old rules are replaced; a built-in chain gets its policy and its rules replaced),
 * {@code deleted} user chains are flushed and removed. Every other chain is left untouched.
 */
public record TableUpdate(Table table, List<Chain> chains, Set<ChainName> deleted) {

  public TableUpdate {
    InvalidRuleException.notNull(table, "table");
    chains = List.copyOf(InvalidRuleException.notNull(chains, "chains"));
    deleted = Set.copyOf(InvalidRuleException.notNull(deleted, "deleted"));
    Set<ChainName> names = new HashSet<>();
    for (Chain chain : chains) {
      InvalidRuleException.require(names.add(chain.name()), "chain", chain.name() + " appears twice");
      InvalidRuleException.require(chain.isBuiltin() == table.isBuiltin(chain.name()), "policy",
          chain.name() + (chain.isBuiltin() ? " is not a built-in chain of " : " is a built-in chain of ")
              + table.tableName());
    }
    for (ChainName name : deleted) {
      InvalidRuleException.require(!table.isBuiltin(name), "deleted", "built-in chain " + name + " cannot be deleted");
      InvalidRuleException.require(!names.contains(name), "deleted", name + " is both written and deleted");
    }
  }

  public static TableUpdate of(Table table, List<Chain> chains) {
    return new TableUpdate(table, chains, Set.of());
  }

  /**
   * The update that makes the caller's chains in {@code current} equal to {@code desired}: the
   * desired chains are written, and every chain of {@code current} that the caller owns (by {@code
   * owned}, e.g. a name prefix) but no longer wants is deleted. Chains the caller does not own are
   * neither written nor deleted.
   */
  public static TableUpdate reconcile(TableRules current, List<Chain> desired,
      java.util.function.Predicate<ChainName> owned) {
    Set<ChainName> wanted = new HashSet<>();
    desired.forEach(chain -> wanted.add(chain.name()));
    Set<ChainName> stale = new HashSet<>();
    for (Chain chain : current.chains()) {
      if (!chain.isBuiltin() && owned.test(chain.name()) && !wanted.contains(chain.name())) {
        stale.add(chain.name());
      }
    }
    return new TableUpdate(current.table(), desired, stale);
  }
}
