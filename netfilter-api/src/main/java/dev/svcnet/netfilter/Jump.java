package dev.svcnet.netfilter;

/** {@code -j CHAIN}: continue in a user chain and come back. */
public record Jump(ChainName chain) implements Target {
  public Jump {
    InvalidRuleException.notNull(chain, "jump");
  }

  public static Jump to(String chain) {
    return new Jump(ChainName.of(chain));
  }
}
