package dev.svcnet.netfilter.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The protocol names iptables-save prints, read from {@code protocol-names.txt}. */
public final class ProtocolNames {
  private static final Map<Integer, String> BY_NUMBER = new HashMap<>();
  private static final Map<String, Integer> BY_NAME = new HashMap<>();

  static {
    try (InputStream in = ProtocolNames.class.getResourceAsStream("protocol-names.txt");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.trim().split(" ");
        BY_NUMBER.put(Integer.parseInt(parts[0]), parts[1]);
        BY_NAME.put(parts[1], Integer.parseInt(parts[0]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // iptables' own aliases, accepted on input.
    BY_NAME.put("icmpv6", 58);
    BY_NAME.put("ipv6-mh", 135);
    BY_NAME.put("mh", 135);
  }

  private ProtocolNames() {}

  public static Optional<String> nameOf(int number) {
    return Optional.ofNullable(BY_NUMBER.get(number));
  }

  public static Optional<Integer> numberOf(String name) {
    return Optional.ofNullable(BY_NAME.get(name.toLowerCase(java.util.Locale.ROOT)));
  }
}
