package dev.svcnet.netfilter;

import dev.svcnet.netfilter.internal.AddressText;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address with a prefix length, as {@code -s}/{@code -d} take it. Host bits are cleared, as the
 * kernel does: {@code 10.0.0.1/24} is {@code 10.0.0.0/24}. A bare address is a /32 (or /128).
 */
public record Cidr(InetAddress network, int prefixLength) {

  public Cidr {
    InvalidRuleException.notNull(network, "address");
    int bits = AddressText.familyOf(network).addressBits();
    if (prefixLength < 0 || prefixLength > bits) {
      throw new InvalidRuleException("prefix", "must be between 0 and " + bits + ", got " + prefixLength);
    }
    if (prefixLength < bits) {
      network = mask(network, prefixLength);
    }
  }

  public IpFamily family() {
    return AddressText.familyOf(network);
  }

  /** {@code 10.0.0.1}, {@code 10.0.0.0/8}, {@code 10.0.0.0/255.0.0.0}, {@code fd00::/64}. */
  public static Cidr parse(String text, IpFamily family) {
    InvalidRuleException.notNull(text, "address");
    int slash = text.indexOf('/');
    if (slash < 0) {
      return new Cidr(AddressText.parse(text, family, "address"), family.addressBits());
    }
    InetAddress address = AddressText.parse(text.substring(0, slash), family, "address");
    String prefix = text.substring(slash + 1);
    if (dev.svcnet.netfilter.internal.Digits.only(prefix, 3)) {
      return new Cidr(address, Integer.parseInt(prefix));
    }
    if (family == IpFamily.IPV4 && prefix.contains(".")) {
      return new Cidr(address, contiguousMaskLength(AddressText.parse(prefix, family, "mask")));
    }
    throw new InvalidRuleException("prefix", "'" + prefix + "' is not a prefix length");
  }

  /** {@code 10.0.0.0/8}: always with the prefix length, as iptables-save prints it. */
  @Override
  public String toString() {
    return AddressText.format(network) + "/" + prefixLength;
  }

  private static int contiguousMaskLength(InetAddress mask) {
    long value = 0;
    for (byte b : mask.getAddress()) {
      value = (value << 8) | (b & 0xff);
    }
    int length = Long.bitCount(value);
    long expected = length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
    if (value != expected) {
      throw new InvalidRuleException("mask", AddressText.format(mask) + " is not a contiguous netmask");
    }
    return length;
  }

  private static InetAddress mask(InetAddress address, int prefixLength) {
    byte[] bytes = address.getAddress();
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
      bytes[i] = (byte) (bytes[i] & (0xff << (8 - keep)));
    }
    try {
      return bytes.length == 4
          ? InetAddress.getByAddress(bytes)
          : java.net.Inet6Address.getByAddress(null, bytes, -1);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
