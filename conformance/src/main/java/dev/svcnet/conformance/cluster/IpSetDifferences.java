package dev.svcnet.conformance.cluster;

import dev.svcnet.proxy.IpSetEntries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every place where a node's ipsets differ from the sets svcnet predicts for kube-proxy in IPVS
 * mode (the IPVS plan's sets): predicted sets missing on the node, sets of kube-proxy's names on
 * the node that are not predicted (e.g. the other IP family's), a different type or family, and
 * per set its members missing on the node or not predicted. Hash sizes, maxelem and ipset's own
 * bucketsize/initval are not compared. Members are compared in ipset's printed form, where a
 * network of one address has no prefix length.
 */
final class IpSetDifferences {

  /** One set as {@code ipset save} printed it. */
  record NodeSet(String name, String type, String family, Set<String> members) {}

  private IpSetDifferences() {}

  /** The sets of {@code ipset save} output, by name, in the order printed. */
  static Map<String, NodeSet> parseSave(String saved) {
    Map<String, NodeSet> sets = new LinkedHashMap<>();
    for (String line : saved.split("\n")) {
      String[] words = line.trim().split("\\s+");
      if (words.length >= 3 && words[0].equals("create")) {
        sets.put(words[1], new NodeSet(words[1], words[2], option(words, "family"),
            new LinkedHashSet<>()));
      } else if (words.length >= 3 && words[0].equals("add") && sets.containsKey(words[1])) {
        sets.get(words[1]).members().add(normalized(words[2]));
      }
    }
    return sets;
  }

  /**
   * @param predicted the sets of every IP family kube-proxy serves on this node
   * @param kubeProxyNames every name kube-proxy gives its sets (in both families): such a set on
   *     the node that is not predicted is reported
   */
  static List<String> between(List<IpSetEntries> predicted, Map<String, NodeSet> onNode,
      Set<String> kubeProxyNames) {
    List<String> differences = new ArrayList<>();
    Set<String> predictedNames = new LinkedHashSet<>();
    for (IpSetEntries set : predicted) {
      predictedNames.add(set.name());
      NodeSet actual = onNode.get(set.name());
      if (actual == null) {
        differences.add("ipset " + set.name() + ": svcnet predicts this " + set.type() + " set ("
            + members(set.entries().size()) + "), missing on the node");
        continue;
      }
      if (!set.type().equals(actual.type())) {
        differences.add("ipset " + set.name() + ": type: node has " + actual.type()
            + ", svcnet predicts " + set.type());
      }
      if (set.hashFamily() != null && !set.hashFamily().equals(actual.family())) {
        differences.add("ipset " + set.name() + ": family: node has " + actual.family()
            + ", svcnet predicts " + set.hashFamily());
      }
      Set<String> wanted = new LinkedHashSet<>();
      set.entries().forEach(entry -> wanted.add(normalized(entry)));
      for (String member : wanted) {
        if (!actual.members().contains(member)) {
          differences.add("ipset " + set.name() + ": svcnet predicts member " + member
              + ", not on the node");
        }
      }
      for (String member : actual.members()) {
        if (!wanted.contains(member)) {
          differences.add("ipset " + set.name() + ": node has member " + member
              + ", not predicted by svcnet");
        }
      }
    }
    for (NodeSet set : onNode.values()) {
      if (kubeProxyNames.contains(set.name()) && !predictedNames.contains(set.name())) {
        differences.add("ipset " + set.name() + ": on the node (" + set.type() + ", "
            + members(set.members().size()) + "), not predicted by svcnet for the IP families"
            + " kube-proxy serves here");
      }
    }
    return differences;
  }

  /** ipset prints a network of one address without its prefix length. */
  private static String normalized(String member) {
    if (member.endsWith("/32") || member.endsWith("/128")) {
      return member.substring(0, member.lastIndexOf('/'));
    }
    return member;
  }

  private static String option(String[] words, String name) {
    for (int i = 3; i + 1 < words.length; i++) {
      if (words[i].equals(name)) {
        return words[i + 1];
      }
    }
    return null;
  }

  private static String members(int count) {
    return count + (count == 1 ? " member" : " members");
  }
}
