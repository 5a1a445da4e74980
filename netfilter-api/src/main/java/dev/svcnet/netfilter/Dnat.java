package dev.svcnet.netfilter;

/** {@code -j DNAT --to-destination RANGE [--random] [--persistent]} (nat table). */
public record Dnat(NatRange to, boolean random, boolean persistent) implements Target {
  public Dnat {
    InvalidRuleException.notNull(to, "to-destination");
  }

  public static Dnat to(NatRange to) {
    return new Dnat(to, false, false);
  }
}
