package dev.svcnet.netfilter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Test helpers for iptables-save text: resources, and splitting a dump into table blocks. */
final class SaveText {
  private SaveText() {}

  static String resource(String name) throws IOException {
    try (InputStream in = SaveText.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Each table's lines ({@code *table} to {@code COMMIT}) without {@code #} lines, by table name. */
  static Map<String, String> tableBlocks(String saved) {
    Map<String, String> blocks = new LinkedHashMap<>();
    String[] parts = saved.split("(?m)^(?=\\*)");
    for (String part : parts) {
      String body = Arrays.stream(part.split("\n")).filter(l -> !l.startsWith("#") && !l.isBlank())
          .collect(Collectors.joining("\n"));
      if (body.startsWith("*")) {
        blocks.put(body.substring(1, body.indexOf('\n')), body + "\n");
      }
    }
    return blocks;
  }
}
