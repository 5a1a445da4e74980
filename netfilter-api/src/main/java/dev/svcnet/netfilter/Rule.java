package dev.svcnet.netfilter;

import java.util.ArrayList;
import java.util.List;

/**
 * One rule of a chain: the IP header conditions ({@code -s -d -i -o -p}, each optional and
 * negatable), the {@code -m} matches in order, an optional target, and optional counters.
 * {@code 0.0.0.0/0} and {@code ::/0} are no condition and are dropped, as iptables-save does;
 * negated they would match nothing and are rejected.
 */
public record Rule(Negatable<Cidr> source, Negatable<Cidr> destination,
    Negatable<String> inInterface, Negatable<String> outInterface, Negatable<Protocol> protocol,
    List<Match> matches, Target target, Counters counters) {

  public Rule {
    source = dropAny(source, "source");
    destination = dropAny(destination, "destination");
    if (inInterface != null) {
      Text.name(inInterface.value(), "in-interface", 15);
    }
    if (outInterface != null) {
      Text.name(outInterface.value(), "out-interface", 15);
    }
    InvalidRuleException.notNull(matches, "matches");
    matches = List.copyOf(matches);
    int portMatches = 0;
    for (int i = 0; i < matches.size(); i++) {
      Match match = matches.get(i);
      if (match instanceof PortMatch ports) {
        portMatches++;
        if (!(protocol != null && !protocol.negated() && protocol.value().equals(ports.protocol()))) {
          throw new InvalidRuleException("protocol", "-m " + ports.module() + " needs -p " + ports.module());
        }
      }
      if (match instanceof IcmpTypeMatch icmp) {
        if (!(protocol != null && !protocol.negated() && protocol.value().equals(icmp.protocol()))) {
          throw new InvalidRuleException("protocol", "-m " + icmp.module() + " needs -p " + icmp.protocol());
        }
      }
      if (match instanceof MultiportMatch) {
        InvalidRuleException.require(protocol != null && !protocol.negated()
            && protocol.value().hasPorts(), "protocol", "-m multiport needs -p tcp, udp or sctp");
      }
    }
    InvalidRuleException.require(portMatches <= 1,
        "matches", "at most one -m tcp/udp/sctp per rule (iptables-nft keeps only the last)");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The same rule without counters. */
  public Rule withoutCounters() {
    return new Rule(source, destination, inInterface, outInterface, protocol, matches, target, null);
  }

  private static Negatable<Cidr> dropAny(Negatable<Cidr> cidr, String field) {
    if (!(cidr == null || !cidr.negated() || cidr.value().prefixLength() > 0)) {
      throw new InvalidRuleException(field,
          "! " + (cidr == null ? "" : cidr.value()) + " matches nothing (iptables-nft rejects it)");
    }
    return cidr != null && !cidr.negated() && cidr.value().prefixLength() == 0 ? null : cidr;
  }

  /** Builds a rule field by field; matches keep the order they are added in. */
  public static final class Builder {
    private Negatable<Cidr> source;
    private Negatable<Cidr> destination;
    private Negatable<String> inInterface;
    private Negatable<String> outInterface;
    private Negatable<Protocol> protocol;
    private final List<Match> matches = new ArrayList<>();
    private Target target;
    private Counters counters;

    private Builder() {}

    public Builder source(Negatable<Cidr> source) {
      this.source = source;
      return this;
    }

    public Builder destination(Negatable<Cidr> destination) {
      this.destination = destination;
      return this;
    }

    public Builder inInterface(Negatable<String> name) {
      this.inInterface = name;
      return this;
    }

    public Builder outInterface(Negatable<String> name) {
      this.outInterface = name;
      return this;
    }

    public Builder protocol(Negatable<Protocol> protocol) {
      this.protocol = protocol;
      return this;
    }

    public Builder protocol(Protocol protocol) {
      return protocol(Negatable.is(protocol));
    }

    public Builder match(Match match) {
      matches.add(match);
      return this;
    }

    public Builder target(Target target) {
      this.target = target;
      return this;
    }

    public Builder counters(Counters counters) {
      this.counters = counters;
      return this;
    }

    public Rule build() {
      return new Rule(source, destination, inInterface, outInterface, protocol, matches, target, counters);
    }
  }
}
