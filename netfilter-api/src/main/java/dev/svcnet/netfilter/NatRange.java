package dev.svcnet.netfilter;

import dev.svcnet.netfilter.internal.AddressText;
import java.net.InetAddress;

/**
 * Where DNAT/SNAT send a connection: an address or address range, optionally with a port or port
 * range. Printed {@code 10.0.0.1:80-90} and {@code [fd00::1-fd00::5]:80}, as iptables-save does.
 */
public record NatRange(InetAddress first, InetAddress last, PortRange ports) {

  public NatRange {
    InvalidRuleException.notNull(first, "to");
    if (last != null) {
      InvalidRuleException.require(AddressText.familyOf(first) == AddressText.familyOf(last), "to",
          "range mixes IPv4 and IPv6");
      last = last.equals(first) ? null : last;
    }
  }

  public static NatRange of(InetAddress address, int port) {
    return new NatRange(address, null, PortRange.of(port));
  }

  /** {@code A}, {@code A-B}, {@code A:P}, {@code A:P-Q}; IPv6 with ports in brackets. */
  public static NatRange parse(String text, IpFamily family) {
    InvalidRuleException.notNull(text, "to");
    String addresses = text;
    String ports = null;
    if (family == IpFamily.IPV6 && text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close <= 0) {
        throw new InvalidRuleException("to", "'" + text + "' lacks ']'");
      }
      addresses = text.substring(1, close);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        throw new InvalidRuleException("to", "'" + text + "': expected ':' after ']'");
      }
      ports = rest.isEmpty() ? null : rest.substring(1);
    } else if (family == IpFamily.IPV4 && text.contains(":")) {
      addresses = text.substring(0, text.indexOf(':'));
      ports = text.substring(text.indexOf(':') + 1);
    }
    int dash = addresses.indexOf('-');
    InetAddress first = AddressText.parse(dash < 0 ? addresses : addresses.substring(0, dash), family, "to");
    InetAddress last = dash < 0 ? null : AddressText.parse(addresses.substring(dash + 1), family, "to");
    PortRange range = null;
    if (ports != null) {
      range = PortRange.parse(ports.replace('-', ':'));
    }
    return new NatRange(first, last, range);
  }

  @Override
  public String toString() {
    String addresses = AddressText.format(first) + (last == null ? "" : "-" + AddressText.format(last));
    if (ports == null) {
      return addresses;
    }
    String portText = ports.first() == ports.last() ? Integer.toString(ports.first())
        : ports.first() + "-" + ports.last();
    boolean v6 = AddressText.familyOf(first) == IpFamily.IPV6;
    return (v6 ? "[" + addresses + "]" : addresses) + ":" + portText;
  }
}
