package dev.svcnet.netfilter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The chains of one table. Chain names are unique; built-in chains (and only they) have a policy.
 */
public record TableRules(Table table, List<Chain> chains) {

  public TableRules {
    InvalidRuleException.notNull(table, "table");
    InvalidRuleException.notNull(chains, "chains");
    chains = List.copyOf(chains);
    Set<ChainName> seen = new HashSet<>(chains.size() * 2);
    for (int i = 0; i < chains.size(); i++) {
      Chain chain = chains.get(i);
      if (!seen.add(chain.name())) {
        throw new InvalidRuleException("chain", "'" + chain.name() + "' appears twice in table " + table.tableName());
      }
      if (chain.isBuiltin() != table.isBuiltin(chain.name())) {
        throw new InvalidRuleException("policy", table.isBuiltin(chain.name())
            ? "built-in chain " + chain.name() + " of " + table.tableName() + " needs a policy"
            : "user chain " + chain.name() + " cannot have a policy");
      }
    }
  }

  public Optional<Chain> chain(ChainName name) {
    return chains.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /**
   * The form iptables-save prints back: every built-in chain (missing ones with policy ACCEPT and
   * no rules) in the kernel's order, then the user chains sorted by name.
   */
  public TableRules canonical() {
    List<Chain> ordered = new ArrayList<>();
    for (ChainName builtin : table.builtinChains()) {
      ordered.add(chain(builtin).orElse(new Chain(builtin, Policy.ACCEPT, Counters.ZERO, List.of())));
    }
    chains.stream().filter(c -> !c.isBuiltin()).sorted((a, b) -> a.name().compareTo(b.name()))
        .forEach(ordered::add);
    return new TableRules(table, ordered);
  }
}
