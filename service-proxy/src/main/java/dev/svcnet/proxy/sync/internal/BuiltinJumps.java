package dev.svcnet.proxy.sync.internal;

import dev.svcnet.netfilter.Chain;
import dev.svcnet.netfilter.ChainName;
import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.Rule;
import dev.svcnet.netfilter.RuleSetCodec;
import dev.svcnet.netfilter.Table;
import dev.svcnet.netfilter.TableRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kube-proxy's jump rules into its own chains from the built-in chains, in both modes: read from
 * the {@code -I} lines its renderers print, and put at the top of the built-in chains where they
 * are missing, every other rule of those chains kept.
 */
final class BuiltinJumps {

  private BuiltinJumps() {}

  /**
   * The {@code -I} rules of {@code table} in {@code jumpRulesText} per built-in chain, in the
   * order they end up in after being inserted one by one (the last inserted first).
   */
  static Map<ChainName, List<Rule>> parse(String jumpRulesText, Table table, RuleSetCodec codec,
      IpFamily family) {
    Map<ChainName, List<Rule>> out = new LinkedHashMap<>();
    Table section = null;
    for (String line : jumpRulesText.split("\n")) {
      if (line.startsWith("*")) {
        section = Table.named(line.substring(1));
      } else if (line.startsWith("-I ") && section == table) {
        int space = line.indexOf(' ', 3);
        ChainName chain = ChainName.of(line.substring(3, space));
        Rule rule = codec.parseRule(line.substring(space + 1), family);
        out.computeIfAbsent(chain, c -> new ArrayList<>()).add(0, rule);
      }
    }
    return out;
  }

  /**
   * Adds to {@code chains}, for every built-in chain of {@code jumps} that lacks some of its
   * jumps in {@code current}, that chain with the missing jumps first and its existing rules
   * (counters dropped) after them.
   *
   * @throws IOException if {@code current} (iptables-save's output) has no such built-in chain
   */
  static void addMissing(TableRules current, Table table, Map<ChainName, List<Rule>> jumps,
      List<Chain> chains) throws IOException {
    for (Map.Entry<ChainName, List<Rule>> entry : jumps.entrySet()) {
      Chain builtin = current.chain(entry.getKey()).orElseThrow(() -> new IOException(
          "iptables-save printed no chain " + entry.getKey() + " in " + table.tableName()));
      List<Rule> existing = builtin.rules().stream().map(Rule::withoutCounters).toList();
      List<Rule> missing = new ArrayList<>();
      for (Rule rule : entry.getValue()) {
        if (!existing.contains(rule)) {
          missing.add(rule);
        }
      }
      if (!missing.isEmpty()) {
        missing.addAll(existing);
        chains.add(new Chain(builtin.name(), builtin.policy(), null, missing));
      }
    }
  }
}
