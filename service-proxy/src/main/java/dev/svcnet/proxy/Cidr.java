package dev.svcnet.proxy;

import java.net.InetAddress;
import java.util.Objects;

/**
 * An address range. Like Go's {@code net.ParseCIDR}, the host bits are cleared: {@code
 * 10.1.2.3/8} is {@code 10.0.0.0/8}.
 *
 * @param network the network address (host bits zero)
 * @param prefix the prefix length
 */
public record Cidr(InetAddress network, int prefix) {

  public Cidr {
    Objects.requireNonNull(network, "network");
    int bits = network.getAddress().length * 8;
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("prefix length must be 0.." + bits + ", got " + prefix);
    }
    network = Ips.masked(network, prefix);
  }

  /** Parses {@code address/prefix}; surrounding white space is ignored. */
  public static Cidr parse(String text) {
    String trimmed = text.strip();
    int slash = trimmed.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("'" + text + "' is not a CIDR (address/prefix)");
    }
    InetAddress address = Ips.parse(trimmed.substring(0, slash));
    int prefix;
    try {
      prefix = Integer.parseInt(trimmed.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' has no numeric prefix length");
    }
    return new Cidr(address, prefix);
  }

  public IpFamily family() {
    return IpFamily.of(network);
  }

  public boolean contains(InetAddress address) {
    return address.getAddress().length == network.getAddress().length
        && Ips.masked(address, prefix).equals(network);
  }

  @Override
  public String toString() {
    return Ips.text(network) + "/" + prefix;
  }
}
