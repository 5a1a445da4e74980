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

  /** The address in its shortest conventional text form (IPv6 compressed, no scope). */
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
      out.append(Integer.toHexString(words[i]));
      if (i < 7) {
        out.append(':');
      }
    }
    return out.toString();
  }
}
