package dev.svcnet.netfilter;

/** {@code -j SNAT --to-source RANGE [--random] [--random-fully] [--persistent]} (nat table). */
public record Snat(NatRange to, boolean random, boolean randomFully, boolean persistent)
    implements Target {
  public Snat {
    InvalidRuleException.notNull(to, "to-source");
  }
}
