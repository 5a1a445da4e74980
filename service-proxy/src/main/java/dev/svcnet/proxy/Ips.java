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
      byte[] bytes = dottedQuad(text);
      if (bytes == null) {
        throw new IllegalArgumentException("'" + text + "' is not a valid IP address");
      }
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not a valid IP address", e);
    }
  }

  /**
   * The four bytes of a dotted quad (four decimal octets 0-255, no leading zeros), or null. A
   * scan of the characters: a full render parses one address per endpoint.
   */
  private static byte[] dottedQuad(String text) {
    byte[] bytes = new byte[4];
    int octet = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '.') {
        if (digits == 0 || octet == 3) {
          return null;
        }
        bytes[octet++] = (byte) value;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9') {
        if (digits == 3 || (digits == 1 && value == 0)) {
          return null;
        }
        value = value * 10 + (c - '0');
        digits++;
        if (value > 255) {
          return null;
        }
      } else {
        return null;
      }
    }
    if (digits == 0 || octet != 3) {
      return null;
    }
    bytes[3] = (byte) value;
    return bytes;
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
