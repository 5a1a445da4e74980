package dev.svcnet.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An iptables-restore text in the canonical form kube-proxy's tests compare
 * ({@code sortIPTablesRules}): per table, the chain lines sorted, then the rules grouped by chain
 * (chains sorted), each chain's rules in their original order. iptables-restore builds the same
 * tables from any two texts with the same canonical form.
 */
final class RestoreText {

  private RestoreText() {}

  static String canonical(String text) {
    StringBuilder out = new StringBuilder();
    String table = null;
    TreeSet<String> chains = new TreeSet<>();
    Map<String, List<String>> rules = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("*")) {
        table = line;
      } else if (line.startsWith(":")) {
        chains.add(line);
      } else if (line.equals("COMMIT")) {
        out.append(table).append('\n');
        chains.forEach(c -> out.append(c).append('\n'));
        rules.values().forEach(list -> list.forEach(r -> out.append(r).append('\n')));
        out.append("COMMIT\n");
        chains.clear();
        rules.clear();
      } else {
        String[] words = line.split(" ");
        rules.computeIfAbsent(words.length > 1 ? words[1] : "", k -> new ArrayList<>())
            .add(line);
      }
    }
    return out.toString();
  }

  /** Each chain's rules, in order, for one table ({@code "nat"} or {@code "filter"}). */
  static Map<String, List<String>> chains(String text, String table) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String current = null;
    for (String line : text.split("\n")) {
      if (line.startsWith("*")) {
        current = line.substring(1);
      } else if (table.equals(current) && line.startsWith(":")) {
        out.putIfAbsent(line.substring(1, line.indexOf(' ')), new ArrayList<>());
      } else if (table.equals(current) && line.startsWith("-A ")) {
        String chain = line.split(" ")[1];
        out.computeIfAbsent(chain, k -> new ArrayList<>()).add(line);
      }
    }
    return out;
  }
}
