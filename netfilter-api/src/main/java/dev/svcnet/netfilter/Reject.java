package dev.svcnet.netfilter;

import java.util.List;

/**
 * {@code -j REJECT --reject-with TYPE}. iptables-save always prints the type, so a bare {@code -j
 * REJECT} reads as {@link #portUnreachable} of the family.
 */
public record Reject(String rejectWith) implements Target {
  public static final List<String> IPV4_TYPES = List.of("icmp-net-unreachable",
      "icmp-host-unreachable", "icmp-port-unreachable", "icmp-proto-unreachable",
      "icmp-net-prohibited", "icmp-host-prohibited", "icmp-admin-prohibited", "tcp-reset");
  public static final List<String> IPV6_TYPES = List.of("icmp6-no-route", "icmp6-adm-prohibited",
      "icmp6-addr-unreachable", "icmp6-port-unreachable", "tcp-reset", "icmp6-policy-fail",
      "icmp6-reject-route");

  public Reject {
    InvalidRuleException.notNull(rejectWith, "reject-with");
    if (!IPV4_TYPES.contains(rejectWith) && !IPV6_TYPES.contains(rejectWith)) {
      throw new InvalidRuleException("reject-with", "unknown type '" + ChainName.printable(rejectWith) + "'");
    }
  }

  /** The default: {@code icmp-port-unreachable} or {@code icmp6-port-unreachable}. */
  public static Reject portUnreachable(IpFamily family) {
    return new Reject(family == IpFamily.IPV4 ? "icmp-port-unreachable" : "icmp6-port-unreachable");
  }

  /** Whether the type exists for {@code family}. */
  public boolean appliesTo(IpFamily family) {
    return (family == IpFamily.IPV4 ? IPV4_TYPES : IPV6_TYPES).contains(rejectWith);
  }
}
