package dev.svcnet.netfilter.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Port numbers for service names, as iptables finds them: {@code getservbyname(name, protocol)}
 * over {@code /etc/services} (glibc's files backend: names and aliases compared exactly, the first
 * entry for a name and protocol wins). Read once, on first use.
 */
public final class ServiceNames {
  private static final Path SERVICES = Path.of("/etc/services");
  private static volatile Map<String, Integer> byNameAndProtocol;

  private ServiceNames() {}

  /** The port of {@code name} for {@code protocol} ({@code tcp}, {@code udp}, {@code sctp}, ...). */
  public static OptionalInt port(String name, String protocol) {
    Integer port = table().get(name + "/" + protocol);
    return port == null ? OptionalInt.empty() : OptionalInt.of(port);
  }

  private static Map<String, Integer> table() {
    Map<String, Integer> table = byNameAndProtocol;
    if (table == null) {
      table = read(SERVICES);
      byNameAndProtocol = table;
    }
    return table;
  }

  static Map<String, Integer> read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    Map<String, Integer> table = new HashMap<>();
    for (String line : text.split("\n")) {
      int hash = line.indexOf('#');
      String[] fields = (hash >= 0 ? line.substring(0, hash) : line).trim().split("[ \t]+");
      if (fields.length < 2) {
        continue;
      }
      int slash = fields[1].indexOf('/');
      if (slash <= 0 || !Digits.only(fields[1].substring(0, slash), 5)) {
        continue;
      }
      int port = Integer.parseInt(fields[1].substring(0, slash));
      if (port > 65535) {
        continue;
      }
      String protocol = fields[1].substring(slash + 1);
      for (int i = 0; i < fields.length; i++) {
        if (i != 1) {
          table.putIfAbsent(fields[i] + "/" + protocol, port);
        }
      }
    }
    return Map.copyOf(table);
  }
}
