package dev.svcnet.proxy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP literals: strict parsing (never a DNS lookup) and Go-compatible text. */
public final class Ips {

  private Ips() {}

  /**
   * Parses an IPv4 dotted quad or an IPv6 literal, as Go's {@code net.ParseIP} accepts them
   * (no zone, no leading zeros in IPv4 octets).
   *
   * @throws IllegalArgumentException if {@code text} is not an IP literal
   */
  public static InetAddress parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("empty IP address");
    }
    try {
      if (text.indexOf(':') >= 0) {
        if (text.indexOf('%') >= 0 || text.startsWith("[")) {
          throw new IllegalArgumentException("'" + text + "' is not a valid IP address");
        }
        for (char c : text.toCharArray()) {
          if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
            throw new IllegalArgumentException("'" + text + "' is not a valid IP address");
          }
        }
        // Only hex digits, ':' and '.' remain, so this parses a literal and never looks up a name.
        // An IPv4-mapped literal (::ffff:1.2.3.4) comes back as IPv4, as in Go.
        return InetAddress.getByName(text);
      }
      String[] parts = text.split("\\.", -1);
      if (parts.length != 4) {
        throw new IllegalArgumentException("'" + text + "' is not a valid IP address");
      }
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        String part = parts[i];
        if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
            || !part.chars().allMatch(Character::isDigit)) {
          throw new IllegalArgumentException("'" + text + "' is not a valid IP address");
        }
        int value = Integer.parseInt(part);
        if (value > 255) {
          throw new IllegalArgumentException("'" + text + "' is not a valid IP address");
        }
        bytes[i] = (byte) value;
      }
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not a valid IP address", e);
    }
  }

  /** Go's {@code net.IP.String()}: dotted quad, or RFC 5952 compressed lower-case IPv6. */
  public static String text(InetAddress address) {
    if (address instanceof Inet4Address) {
      return address.getHostAddress();
    }
    byte[] b = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 0;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    if (bestLength < 2) {
      bestStart = -1;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  /** Go's {@code net.JoinHostPort}: {@code 10.0.0.1:80} or {@code [fd00::1]:80}. */
  public static String joinHostPort(InetAddress address, int port) {
    return address instanceof Inet6Address
        ? "[" + text(address) + "]:" + port
        : text(address) + ":" + port;
  }

  static InetAddress masked(InetAddress address, int prefix) {
    byte[] bytes = address.getAddress();
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      bytes[i] &= (byte) (0xff << (8 - keep));
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
