package dev.svcnet.netfilter;

import dev.svcnet.netfilter.internal.ProtocolNames;

/**
 * An IP protocol number for {@code -p}. iptables-save prints well-known numbers by name ({@code
 * tcp}, {@code gre}, {@code ipv6-icmp}) and the rest as numbers; {@code -p all} (0) is no match.
 */
public record Protocol(int number) {
  public static final Protocol TCP = new Protocol(6);
  public static final Protocol UDP = new Protocol(17);
  public static final Protocol SCTP = new Protocol(132);
  public static final Protocol ICMP = new Protocol(1);
  public static final Protocol ICMPV6 = new Protocol(58);

  public Protocol {
    if (number < 1 || number > 255) {
      throw new InvalidRuleException("protocol", "must be between 1 and 255, got " + number);
    }
  }

  /** A name ({@code tcp}, {@code icmpv6}, ...) or a number. */
  public static Protocol parse(String text) {
    InvalidRuleException.notNull(text, "protocol");
    switch (text) {
      case "tcp":
        return TCP;
      case "udp":
        return UDP;
      default:
        break;
    }
    if (dev.svcnet.netfilter.internal.Digits.only(text, 3)) {
      return new Protocol(Integer.parseInt(text));
    }
    return new Protocol(ProtocolNames.numberOf(text)
        .orElseThrow(() -> new InvalidRuleException("protocol", "unknown protocol '" + text + "'")));
  }

  /** TCP, UDP and SCTP have ports. */
  public boolean hasPorts() {
    return number == 6 || number == 17 || number == 132;
  }

  /** The name iptables-save prints. */
  @Override
  public String toString() {
    return ProtocolNames.nameOf(number).orElse(Integer.toString(number));
  }
}
