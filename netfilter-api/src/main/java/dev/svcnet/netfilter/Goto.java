package dev.svcnet.netfilter;

/** {@code -g CHAIN}: continue in a user chain without coming back. */
public record Goto(ChainName chain) implements Target {
  public Goto {
    InvalidRuleException.notNull(chain, "goto");
  }
}
