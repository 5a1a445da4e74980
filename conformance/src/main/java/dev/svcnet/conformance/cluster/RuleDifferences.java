package dev.svcnet.conformance.cluster;

import dev.svcnet.netfilter.Chain;
import dev.svcnet.netfilter.ChainName;
import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.Rule;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.RuleSetCodec;
import dev.svcnet.netfilter.TableRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every place where the chains on a node differ from the chains svcnet predicts, chain by chain,
 * in canonical form (what iptables-save prints): predicted chains missing on the node, rules that
 * differ (position, the node's rule and the predicted one), and per-service chains on the node
 * that svcnet does not predict. Chains kube-proxy does not write in its payload (kubelet's, the
 * built-in chains) are not compared; {@link #jumps} checks kube-proxy's jumps in built-in chains.
 */
final class RuleDifferences {
  /** Chains kube-proxy creates per service or endpoint: on the node but not predicted = stale. */
  private static final List<String> PER_SERVICE = List.of("KUBE-SVC-", "KUBE-SVL-", "KUBE-EXT-",
      "KUBE-FW-", "KUBE-SEP-");

  /**
   * Chains whose rules kube-proxy writes in Go map order (one or a few per service): compared as
   * multisets, since their order differs between runs of kube-proxy itself.
   */
  private static final Set<String> ORDER_FREE = Set.of("KUBE-SERVICES", "KUBE-NODEPORTS",
      "KUBE-EXTERNAL-SERVICES", "KUBE-PROXY-FIREWALL");

  private RuleDifferences() {}

  static List<String> between(RuleSet predicted, RuleSet node, IpFamily family) {
    RuleSetCodec codec = RuleSetCodec.standard();
    List<String> differences = new ArrayList<>();
    for (TableRules table : predicted.tables()) {
      String tableName = table.table().tableName();
      Optional<TableRules> onNode = node.table(table.table());
      Set<ChainName> predictedNames = new java.util.HashSet<>();
      for (Chain chain : table.chains()) {
        predictedNames.add(chain.name());
        Optional<Chain> actual = onNode.flatMap(t -> t.chain(chain.name()));
        if (actual.isEmpty()) {
          differences.add(tableName + " " + chain.name() + ": predicted with " + chain.rules().size()
              + " rules, missing on the node");
          continue;
        }
        List<Rule> want = chain.rules();
        List<Rule> have = actual.get().rules().stream().map(Rule::withoutCounters).toList();
        if (ORDER_FREE.contains(chain.name().value())) {
          unordered(differences, tableName + " " + chain.name(), text(want, codec, family),
              text(have, codec, family));
          continue;
        }
        int n = Math.max(want.size(), have.size());
        for (int i = 0; i < n; i++) {
          String predictedRule = i < want.size() ? codec.formatRule(want.get(i), family) : null;
          String nodeRule = i < have.size() ? codec.formatRule(have.get(i), family) : null;
          if (predictedRule == null || !predictedRule.equals(nodeRule)) {
            differences.add(tableName + " " + chain.name() + " rule " + (i + 1) + ": node has "
                + (nodeRule == null ? "no rule" : "'" + nodeRule + "'") + ", svcnet predicts "
                + (predictedRule == null ? "no rule" : "'" + predictedRule + "'"));
          }
        }
      }
      for (Chain chain : onNode.map(TableRules::chains).orElse(List.of())) {
        String name = chain.name().value();
        if (!predictedNames.contains(chain.name()) && PER_SERVICE.stream().anyMatch(name::startsWith)) {
          differences.add(tableName + " " + name + ": on the node (" + chain.rules().size()
              + " rules), not predicted by svcnet for the API server's objects");
        }
      }
    }
    return differences;
  }

  /**
   * The jump rules kube-proxy keeps in built-in chains ({@code predicted}, one chain per built-in
   * chain): each must be in that chain on the node. Their position is not compared, since other
   * programs insert rules there too.
   */
  static List<String> jumps(RuleSet predicted, RuleSet node, IpFamily family) {
    RuleSetCodec codec = RuleSetCodec.standard();
    List<String> differences = new ArrayList<>();
    for (TableRules table : predicted.tables()) {
      for (Chain chain : table.chains()) {
        List<String> have = node.table(table.table()).flatMap(t -> t.chain(chain.name()))
            .map(c -> text(c.rules().stream().map(Rule::withoutCounters).toList(), codec, family))
            .orElse(List.of());
        for (String rule : text(chain.rules(), codec, family)) {
          if (!have.contains(rule)) {
            differences.add(table.table().tableName() + " " + chain.name() + ": svcnet predicts '"
                + rule + "', not on the node");
          }
        }
      }
    }
    return differences;
  }

  private static List<String> text(List<Rule> rules, RuleSetCodec codec, IpFamily family) {
    return rules.stream().map(r -> codec.formatRule(r, family)).toList();
  }

  private static void unordered(List<String> differences, String chain, List<String> want,
      List<String> have) {
    List<String> missing = new ArrayList<>(want);
    List<String> extra = new ArrayList<>();
    for (String rule : have) {
      if (!missing.remove(rule)) {
        extra.add(rule);
      }
    }
    missing.forEach(r -> differences.add(chain + ": svcnet predicts '" + r + "', not on the node"));
    extra.forEach(r -> differences.add(chain + ": node has '" + r + "', not predicted by svcnet"));
  }
}
