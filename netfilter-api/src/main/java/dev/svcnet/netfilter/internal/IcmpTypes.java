package dev.svcnet.netfilter.internal;

import dev.svcnet.netfilter.InvalidRuleException;
import dev.svcnet.netfilter.IpFamily;
import java.util.List;
import java.util.Locale;

/**
 * The ICMP and ICMPv6 type names iptables 1.8 knows ({@code iptables -p icmp -h},
 * {@code ip6tables -p ipv6-icmp -h}; the tables of iptables' extensions/libxt_icmp.c and
 * libip6t_icmp6.c), with the type and code range each stands for, checked against what
 * iptables-save prints back for every name in {@code IcmpNamesKernelTest}. A name is looked up
 * the way iptables does: case-insensitively, and any prefix that fits exactly one entry (aliases
 * are entries of their own) is accepted.
 */
public final class IcmpTypes {
  /** IPv4's {@code any}: type 255 with every code. */
  public static final int ANY = 255;

  private record Entry(String name, int type, int codeMin, int codeMax) {}

  private static Entry all(String name, int type) {
    return new Entry(name, type, 0, 255);
  }

  private static Entry code(String name, int type, int code) {
    return new Entry(name, type, code, code);
  }

  private static final List<Entry> IPV4 = List.of(
      all("any", 255), all("echo-reply", 0), all("pong", 0), all("destination-unreachable", 3),
      code("network-unreachable", 3, 0), code("host-unreachable", 3, 1),
      code("protocol-unreachable", 3, 2), code("port-unreachable", 3, 3),
      code("fragmentation-needed", 3, 4), code("source-route-failed", 3, 5),
      code("network-unknown", 3, 6), code("host-unknown", 3, 7), code("network-prohibited", 3, 9),
      code("host-prohibited", 3, 10), code("TOS-network-unreachable", 3, 11),
      code("TOS-host-unreachable", 3, 12), code("communication-prohibited", 3, 13),
      code("host-precedence-violation", 3, 14), code("precedence-cutoff", 3, 15),
      all("source-quench", 4), all("redirect", 5), code("network-redirect", 5, 0),
      code("host-redirect", 5, 1), code("TOS-network-redirect", 5, 2),
      code("TOS-host-redirect", 5, 3), all("echo-request", 8), all("ping", 8),
      all("router-advertisement", 9), all("router-solicitation", 10), all("time-exceeded", 11),
      all("ttl-exceeded", 11), code("ttl-zero-during-transit", 11, 0),
      code("ttl-zero-during-reassembly", 11, 1), all("parameter-problem", 12),
      code("ip-header-bad", 12, 0), code("required-option-missing", 12, 1),
      all("timestamp-request", 13), all("timestamp-reply", 14), all("address-mask-request", 17),
      all("address-mask-reply", 18));

  private static final List<Entry> IPV6 = List.of(
      all("destination-unreachable", 1), code("no-route", 1, 0),
      code("communication-prohibited", 1, 1), code("beyond-scope", 1, 2),
      code("address-unreachable", 1, 3), code("port-unreachable", 1, 4),
      code("failed-policy", 1, 5), code("reject-route", 1, 6), all("packet-too-big", 2),
      all("time-exceeded", 3), all("ttl-exceeded", 3), code("ttl-zero-during-transit", 3, 0),
      code("ttl-zero-during-reassembly", 3, 1), all("parameter-problem", 4),
      code("bad-header", 4, 0), code("unknown-header-type", 4, 1), code("unknown-option", 4, 2),
      all("echo-request", 128), all("ping", 128), all("echo-reply", 129), all("pong", 129),
      all("router-solicitation", 133), all("router-advertisement", 134),
      all("neighbour-solicitation", 135), all("neighbor-solicitation", 135),
      all("neighbour-advertisement", 136), all("neighbor-advertisement", 136), all("redirect", 137));

  private IcmpTypes() {}

  /** Every name and alias iptables accepts for the family, in iptables' order. */
  public static List<String> names(IpFamily family) {
    return entries(family).stream().map(Entry::name).toList();
  }

  /** {@code {type, codeMin, codeMax}} for a name, prefix, {@code T} or {@code T/C}. */
  public static int[] parse(IpFamily family, String text) {
    String field = family == IpFamily.IPV4 ? "icmp-type" : "icmpv6-type";
    String kind = family == IpFamily.IPV4 ? "ICMP" : "ICMPv6";
    if (text == null || text.isEmpty()) {
      throw new InvalidRuleException(field, "needs a " + kind + " type");
    }
    if (Character.isDigit(text.charAt(0))) {
      int slash = text.indexOf('/');
      String type = slash < 0 ? text : text.substring(0, slash);
      if (!Digits.only(type, 3) || Integer.parseInt(type) > 255) {
        throw new InvalidRuleException(field, "unknown " + kind + " type '" + text + "'");
      }
      if (slash < 0) {
        return new int[] {Integer.parseInt(type), 0, 255};
      }
      String code = text.substring(slash + 1);
      if (!Digits.only(code, 3) || Integer.parseInt(code) > 255) {
        throw new InvalidRuleException(field, "unknown " + kind + " code '" + text + "'");
      }
      return new int[] {Integer.parseInt(type), Integer.parseInt(code), Integer.parseInt(code)};
    }
    String lower = text.toLowerCase(Locale.ROOT);
    Entry found = null;
    for (Entry entry : entries(family)) {
      if (entry.name().toLowerCase(Locale.ROOT).startsWith(lower)) {
        if (found != null) {
          throw new InvalidRuleException(field, "ambiguous " + kind + " type '" + text + "': '"
              + found.name() + "' or '" + entry.name() + "'?");
        }
        found = entry;
      }
    }
    if (found == null) {
      throw new InvalidRuleException(field, "unknown " + kind + " type '" + text + "'");
    }
    return new int[] {found.type(), found.codeMin(), found.codeMax()};
  }

  private static List<Entry> entries(IpFamily family) {
    return family == IpFamily.IPV4 ? IPV4 : IPV6;
  }
}
