package dev.svcnet.ipvs;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Address formatting as ipvsadm does it. */
public final class Addresses {
  private Addresses() {}

  /** {@code 10.0.0.1:80} or {@code [fd00::1]:80}. */
  public static String withPort(InetAddress address, int port) {
    String host = text(address);
    return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * The address as glibc's {@code inet_ntop} prints it (what ipvsadm shows): dotted quad for
   * IPv4; for IPv6 lower-case hex words, the longest run of two or more zero words (the first
   * of equally long runs) as {@code ::}, no scope, and the last 32 bits in dotted form when the
   * first 96 bits are zero with a non-zero 7th word ({@code ::1.2.3.4}, while {@code ::1} stays
   * hex) or the address is IPv4-mapped ({@code ::ffff:1.2.3.4}).
   */
  public static String text(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] bytes = address.getAddress();
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) {
      words[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
    }
    int bestStart = -1;
    int bestLength = 0;
    for (int i = 0; i < 8; ) {
      if (words[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && words[j] == 0) {
        j++;
      }
      if (j - i > bestLength && j - i >= 2) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append(i == 0 ? "::" : ":");
        i += bestLength - 1;
        continue;
      }
      if (i == 6 && bestStart == 0
          && (bestLength == 6 || (bestLength == 5 && words[5] == 0xFFFF))) {
        out.append(bytes[12] & 0xFF).append('.').append(bytes[13] & 0xFF).append('.')
            .append(bytes[14] & 0xFF).append('.').append(bytes[15] & 0xFF);
        break;
      }
      out.append(Integer.toHexString(words[i]));
      if (i < 7) {
        out.append(':');
      }
    }
    return out.toString();
  }
}
