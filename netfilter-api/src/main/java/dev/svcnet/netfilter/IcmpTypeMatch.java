package dev.svcnet.netfilter;

import dev.svcnet.netfilter.internal.IcmpTypes;

/**
 * {@code -m icmp [!] --icmp-type T[/C]} (IPv4) or {@code -m icmp6 [!] --icmpv6-type T[/C]} (IPv6):
 * an ICMP type and a code range. Names ({@code echo-request}, {@code port-unreachable}, ...) are
 * read by {@link #parse} as iptables reads them; iptables-save prints numbers: {@code T} when every
 * code matches, else {@code T/C}. For IPv4, type 255 is iptables' {@code any} and matches every
 * code whatever code was given (iptables-save prints {@code any}).
 */
public record IcmpTypeMatch(IpFamily family, int type, int codeMin, int codeMax, boolean negated)
    implements Match {

  public IcmpTypeMatch {
    InvalidRuleException.notNull(family, "family");
    InvalidRuleException.require(type >= 0 && type <= 255, "icmp-type", () -> "type must be 0..255, got " + type);
    if (codeMin < 0 || codeMin > codeMax || codeMax > 255) {
      throw new InvalidRuleException("icmp-type", "code range must be within 0..255, got " + codeMin + ".." + codeMax);
    }
    InvalidRuleException.require(codeMin == codeMax || (codeMin == 0 && codeMax == 255), "icmp-type",
        "iptables sets one code or every code");
    if (family == IpFamily.IPV4 && type == IcmpTypes.ANY) {
      codeMin = 0;
      codeMax = 255;
    }
  }

  /** The type with every code. */
  public static IcmpTypeMatch of(IpFamily family, int type) {
    return new IcmpTypeMatch(family, type, 0, 255, false);
  }

  /**
   * Reads {@code --icmp-type} / {@code --icmpv6-type} text as iptables does: a name or alias
   * (case-insensitive, any unambiguous prefix), {@code any} (IPv4), {@code T} or {@code T/C}.
   */
  public static IcmpTypeMatch parse(IpFamily family, String text, boolean negated) {
    int[] typeAndCodes = IcmpTypes.parse(family, text);
    return new IcmpTypeMatch(family, typeAndCodes[0], typeAndCodes[1], typeAndCodes[2], negated);
  }

  @Override
  public String module() {
    return family == IpFamily.IPV4 ? "icmp" : "icmp6";
  }

  /** {@code --icmp-type} or {@code --icmpv6-type}. */
  public String option() {
    return family == IpFamily.IPV4 ? "--icmp-type" : "--icmpv6-type";
  }

  /** The protocol a rule needs for this match: icmp (1) or ipv6-icmp (58). */
  public Protocol protocol() {
    return family == IpFamily.IPV4 ? Protocol.ICMP : Protocol.ICMPV6;
  }

  /** The value as iptables-save prints it. */
  public String text() {
    if (family == IpFamily.IPV4 && type == IcmpTypes.ANY) {
      return "any";
    }
    return codeMin == 0 && codeMax == 255 ? Integer.toString(type) : type + "/" + codeMin;
  }

  public IcmpTypeMatch negate() {
    return new IcmpTypeMatch(family, type, codeMin, codeMax, !negated);
  }
}
