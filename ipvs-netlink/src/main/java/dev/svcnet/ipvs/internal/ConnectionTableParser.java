package dev.svcnet.ipvs.internal;

import dev.svcnet.ipvs.Connection;
import dev.svcnet.ipvs.ConnectionTableException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses {@code /proc/net/ip_vs_conn} as {@code ip_vs_conn_seq_show} (net/netfilter/ipvs/
 * ip_vs_conn.c) prints it: a title line, then per entry {@code "%-3s %08X %04X %08X %04X %s %04X
 * %-11s %7u%s"} (IPv4) or the same with {@code %pI6} addresses (IPv6; the destination has its own
 * family, so an IPv4 entry may have an IPv6 destination); the trailing {@code %s} is empty or
 * {@code " <pe name> <pe data>"}.
 */
public final class ConnectionTableParser {
  private static final Pattern IPV4_HEX = Pattern.compile("[0-9A-Fa-f]{8}");
  /** {@code %pI6}: eight groups of four hex digits. */
  private static final Pattern IPV6_FULL = Pattern.compile("([0-9A-Fa-f]{4}:){7}[0-9A-Fa-f]{4}");
  private static final Pattern PORT_HEX = Pattern.compile("[0-9A-Fa-f]{4}");
  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,10}");

  private ConnectionTableParser() {}

  public static List<Connection> parse(String procText) throws ConnectionTableException {
    String[] lines = procText.split("\n", -1);
    if (lines.length == 0 || !lines[0].startsWith("Pro ")) {
      throw new ConnectionTableException(1, "expected the title line 'Pro FromIP ...'");
    }
    List<Connection> entries = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isEmpty() && i == lines.length - 1) {
        break; // the newline ending the last entry
      }
      entries.add(entry(i + 1, lines[i]));
    }
    return List.copyOf(entries);
  }

  private static Connection entry(int line, String text) throws ConnectionTableException {
    String[] f = text.trim().split(" +");
    if (f.length != 9 && f.length != 11) {
      throw new ConnectionTableException(line,
          "expected 9 fields (11 with a persistence engine), got " + f.length + ": " + text);
    }
    Optional<Connection.PersistenceData> engine = f.length == 11
        ? Optional.of(new Connection.PersistenceData(f[9], f[10])) : Optional.empty();
    try {
      return new Connection(f[0], address(line, "client address", f[1]),
          port(line, "client port", f[2]), address(line, "virtual address", f[3]),
          port(line, "virtual port", f[4]), address(line, "destination address", f[5]),
          port(line, "destination port", f[6]), f[7], expires(line, f[8]), engine);
    } catch (IllegalArgumentException e) {
      throw new ConnectionTableException(line, e.getMessage());
    }
  }

  private static InetAddress address(int line, String field, String text)
      throws ConnectionTableException {
    byte[] bytes;
    if (IPV4_HEX.matcher(text).matches()) {
      long value = Long.parseLong(text, 16);
      bytes = new byte[] {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8),
          (byte) value};
    } else if (IPV6_FULL.matcher(text).matches()) {
      String digits = text.replace(":", "");
      bytes = new byte[16];
      for (int i = 0; i < 16; i++) {
        bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
      }
    } else {
      throw new ConnectionTableException(line, field + " '" + text
          + "' is neither 8 hex digits (IPv4) nor a full IPv6 address");
    }
    try {
      // Inet6Address even for ::ffff:a.b.c.d, which getByAddress would turn into IPv4
      return bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1)
          : InetAddress.getByAddress(bytes);
    } catch (UnknownHostException impossible) {
      throw new AssertionError(impossible); // only for a wrong length
    }
  }

  private static int port(int line, String field, String text) throws ConnectionTableException {
    if (!PORT_HEX.matcher(text).matches()) {
      throw new ConnectionTableException(line, field + " '" + text + "' is not 4 hex digits");
    }
    return Integer.parseInt(text, 16);
  }

  private static long expires(int line, String text) throws ConnectionTableException {
    if (!DECIMAL.matcher(text).matches() || Long.parseLong(text) > 0xFFFFFFFFL) {
      throw new ConnectionTableException(line, "expires '" + text + "' is not a u32 in decimal");
    }
    return Long.parseLong(text);
  }
}
