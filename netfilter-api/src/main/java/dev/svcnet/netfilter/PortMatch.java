package dev.svcnet.netfilter;

/**
 * {@code -m tcp|udp|sctp [[!] --sport P] [[!] --dport P]}: the protocol's own match, which
 * iptables-save always prints explicitly (even when the input relied on {@code -p tcp} loading it).
 * A port range covering everything is no condition and is dropped, as iptables-save does.
 */
public record PortMatch(Protocol protocol, Negatable<PortRange> sourcePorts,
    Negatable<PortRange> destinationPorts) implements Match {

  public PortMatch {
    InvalidRuleException.notNull(protocol, "protocol");
    if (!protocol.hasPorts()) {
      throw new InvalidRuleException("protocol", protocol + " has no ports (tcp, udp or sctp)");
    }
    sourcePorts = dropAll(sourcePorts);
    destinationPorts = dropAll(destinationPorts);
  }

  public static PortMatch destination(Protocol protocol, int port) {
    return new PortMatch(protocol, null, Negatable.is(PortRange.of(port)));
  }

  @Override
  public String module() {
    return protocol.toString();
  }

  private static Negatable<PortRange> dropAll(Negatable<PortRange> ports) {
    return ports != null && !ports.negated() && ports.value().isAll() ? null : ports;
  }
}
