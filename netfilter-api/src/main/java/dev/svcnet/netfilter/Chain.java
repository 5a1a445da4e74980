package dev.svcnet.netfilter;

import java.util.List;

/**
 * A chain and its rules in order. Built-in chains have a policy; user chains have none (null).
 * Counters are the chain line's {@code [packets:bytes]}.
 */
public record Chain(ChainName name, Policy policy, Counters counters, List<Rule> rules) {

  public Chain {
    InvalidRuleException.notNull(name, "chain");
    counters = counters == null ? Counters.ZERO : counters;
    InvalidRuleException.notNull(rules, "rules");
    rules = List.copyOf(rules);
  }

  /** A user chain. */
  public static Chain user(String name, List<Rule> rules) {
    return new Chain(ChainName.of(name), null, Counters.ZERO, rules);
  }

  /** A built-in chain with its policy. */
  public static Chain builtin(String name, Policy policy, List<Rule> rules) {
    return new Chain(ChainName.of(name), InvalidRuleException.notNull(policy, "policy"), Counters.ZERO, rules);
  }

  public boolean isBuiltin() {
    return policy != null;
  }
}
