package dev.svcnet.netfilter.internal;

import dev.svcnet.netfilter.InvalidRuleException;
import dev.svcnet.netfilter.IpFamily;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Address literals without name resolution: parsing (never a DNS lookup) and printing in the form
 * iptables-save uses ({@code inet_ntop}: lowercase, the longest run of zero groups as {@code ::},
 * embedded IPv4 for mapped and compatible addresses).
 */
public final class AddressText {
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  private AddressText() {}

  /** Parses a literal of {@code family}; {@code field} names it in the error. */
  public static InetAddress parse(String text, IpFamily family, String field) {
    if (text == null) {
      throw new InvalidRuleException(field, "must not be null");
    }
    try {
      if (family == IpFamily.IPV4) {
        byte[] bytes = ipv4(text);
        if (bytes == null) {
          throw new InvalidRuleException(field, "'" + text + "' is not an IPv4 address");
        }
        return InetAddress.getByAddress(bytes);
      }
      if (!text.contains(":") || !IPV6.matcher(text).matches()) {
        throw new InvalidRuleException(field, "'" + text + "' is not an IPv6 address");
      }
      // A literal with ':' is never resolved; Java turns ::ffff:a.b.c.d into an Inet4Address.
      InetAddress parsed = InetAddress.getByName(text);
      byte[] bytes = parsed.getAddress();
      if (bytes.length == 4) {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(bytes, 0, mapped, 12, 4);
        bytes = mapped;
      }
      return Inet6Address.getByAddress(null, bytes, -1);
    } catch (UnknownHostException e) {
      throw new InvalidRuleException(field, "'" + text + "' is not an IPv6 address");
    }
  }

  /** Dotted-quad with decimal octets 0..255 without leading zeros, or null. */
  private static byte[] ipv4(String text) {
    byte[] bytes = new byte[4];
    int part = 0;
    int value = -1;
    int digits = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '.';
      if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) {
          return null;
        }
        value = (value < 0 ? 0 : value * 10) + (c - '0');
        if (++digits > 3 || value > 255) {
          return null;
        }
      } else if (c == '.' && digits > 0 && part < 4) {
        bytes[part++] = (byte) value;
        value = -1;
        digits = 0;
      } else {
        return null;
      }
    }
    return part == 4 ? bytes : null;
  }

  /**
   * {@code text[start, end)} as {@code a.b.c.d} or {@code a.b.c.d/N} in the strict form that
   * {@link #parse} and {@code Cidr.parse} accept ({@code N} from 0 to 32 without a leading zero):
   * the address in the low 32 bits and {@code N} (32 if absent) above them; or -1 for any other
   * form, which the caller reads the general way (and which gives the error).
   */
  public static long ipv4Cidr(String text, int start, int end) {
    long quad = dottedQuad(text, start, end);
    if (quad < 0) {
      return -1;
    }
    int stop = (int) (quad >>> 32);
    if (stop == end) {
      return (quad & 0xffffffffL) | (32L << 32);
    }
    if (text.charAt(stop) != '/') {
      return -1;
    }
    int prefix = smallNumber(text, stop + 1, end, 2);
    return prefix < 0 || prefix > 32 ? -1 : (quad & 0xffffffffL) | ((long) prefix << 32);
  }

  /**
   * {@code text[start, end)} as {@code a.b.c.d} or {@code a.b.c.d:P} ({@code P} from 0 to 65535
   * without a leading zero), the strict form of an IPv4 DNAT/SNAT destination: the address in the
   * low 32 bits and {@code P} (65536 if absent) above them; or -1 for any other form.
   */
  public static long ipv4Port(String text, int start, int end) {
    long quad = dottedQuad(text, start, end);
    if (quad < 0) {
      return -1;
    }
    int stop = (int) (quad >>> 32);
    if (stop == end) {
      return (quad & 0xffffffffL) | (65536L << 32);
    }
    if (text.charAt(stop) != ':') {
      return -1;
    }
    int port = smallNumber(text, stop + 1, end, 5);
    return port < 0 || port > 65535 ? -1 : (quad & 0xffffffffL) | ((long) port << 32);
  }

  /**
   * A dotted quad at {@code text[start, ...)} up to {@code end} or the first character that is
   * neither a digit nor a dot, with the rules of {@link #ipv4}: the address in the low 32 bits and
   * the index after it above them, or -1.
   */
  private static long dottedQuad(String text, int start, int end) {
    long address = 0;
    int part = 0;
    int value = 0;
    int digits = 0;
    int i = start;
    for (; i < end; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (digits > 0 && value == 0) {
          return -1;
        }
        value = value * 10 + (c - '0');
        if (++digits > 3 || value > 255) {
          return -1;
        }
      } else if (c == '.') {
        if (digits == 0 || part == 3) {
          return -1;
        }
        address = (address << 8) | value;
        part++;
        value = 0;
        digits = 0;
      } else {
        break;
      }
    }
    if (digits == 0 || part != 3) {
      return -1;
    }
    return ((address << 8) | value) | ((long) i << 32);
  }

  /** {@code text[start, end)} as 1 to {@code maxDigits} decimal digits without a leading zero, or -1. */
  private static int smallNumber(String text, int start, int end, int maxDigits) {
    int length = end - start;
    if (length < 1 || length > maxDigits || (length > 1 && text.charAt(start) == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** The family of a Java address: 4 bytes are IPv4, 16 are IPv6. */
  public static IpFamily familyOf(InetAddress address) {
    return address instanceof java.net.Inet4Address ? IpFamily.IPV4 : IpFamily.IPV6;
  }

  /** The address as iptables-save prints it. */
  public static String format(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length == 4) {
      return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) {
      words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestBase = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (words[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && words[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestBase = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (bestLen < 2) {
      bestBase = -1;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
        if (i == bestBase) {
          out.append(':');
        }
        continue;
      }
      if (i != 0) {
        out.append(':');
      }
      if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && words[5] == 0xffff))) {
        out.append(b[12] & 0xff).append('.').append(b[13] & 0xff).append('.')
            .append(b[14] & 0xff).append('.').append(b[15] & 0xff);
        break;
      }
      out.append(Integer.toHexString(words[i]));
    }
    if (bestBase >= 0 && bestBase + bestLen == 8) {
      out.append(':');
    }
    return out.toString();
  }
}
