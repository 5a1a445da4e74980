package dev.svcnet.conformance.cluster;

import dev.svcnet.netfilter.Chain;
import dev.svcnet.netfilter.ChainName;
import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.Match;
import dev.svcnet.netfilter.Rule;
import dev.svcnet.netfilter.SetMatch;
import dev.svcnet.netfilter.Table;
import dev.svcnet.proxy.IpvsPlan;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Which mode kube-proxy runs in on a node, and what says so. The node's kernel state decides
 * first: kube-proxy's dummy interface {@code kube-ipvs0}, or a KUBE-SERVICES chain that matches
 * its ipset KUBE-CLUSTER-IP, mean IPVS mode; a KUBE-SERVICES chain without that match means
 * iptables mode. Only when the node shows neither does kube-proxy's configuration ({@code mode}
 * in the kube-system/kube-proxy ConfigMap; empty means iptables) decide.
 *
 * @param evidence what the decision rests on, for reports
 */
record KubeProxyMode(Mode mode, String evidence) {

  enum Mode { IPTABLES, IPVS, UNKNOWN }

  KubeProxyMode {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(evidence, "evidence");
  }

  /** What the node's kernel state says; UNKNOWN when it shows no kube-proxy state. */
  static KubeProxyMode onNode(NodeAccess node) {
    Optional<String> ipvs = ipvsEvidence(node);
    if (ipvs.isPresent()) {
      return new KubeProxyMode(Mode.IPVS, ipvs.get());
    }
    for (IpFamily family : IpFamily.values()) {
      Optional<NodeAccess.Found> rules = node.kubeProxyRules(family);
      if (rules.isPresent()) {
        return new KubeProxyMode(Mode.IPTABLES, "the node's " + family + " nat KUBE-SERVICES"
            + " chain (" + rules.get().backend().name().toLowerCase(java.util.Locale.ROOT)
            + ") has no ipset match");
      }
    }
    return new KubeProxyMode(Mode.UNKNOWN, "the node has neither kube-ipvs0 nor a KUBE-SERVICES"
        + " chain");
  }

  /** What kube-proxy's configuration says, for a node that shows no kube-proxy state. */
  static KubeProxyMode configured(KubeProxyConfig config) {
    Optional<String> configured = config.mode();
    if (configured.isPresent()) {
      Mode mode = switch (configured.get()) {
        case "ipvs" -> Mode.IPVS;
        case "iptables" -> Mode.IPTABLES;
        default -> Mode.UNKNOWN;
      };
      return new KubeProxyMode(mode, "the kube-system/kube-proxy ConfigMap says mode: "
          + configured.get() + " (the node shows no kube-proxy state)");
    }
    return new KubeProxyMode(Mode.UNKNOWN, "the node has neither kube-ipvs0 nor a KUBE-SERVICES"
        + " chain, and no kube-proxy ConfigMap names a mode");
  }

  /** What on the node says kube-proxy runs in IPVS mode there, if anything. */
  static Optional<String> ipvsEvidence(NodeAccess node) {
    try {
      if (node.interfaceAddresses(IpvsPlan.DUMMY_INTERFACE).isPresent()) {
        return Optional.of("the node has kube-proxy's " + IpvsPlan.DUMMY_INTERFACE + " interface");
      }
    } catch (IOException e) {
      // no ip program: the rules may still tell
    }
    for (IpFamily family : IpFamily.values()) {
      Optional<NodeAccess.Found> rules = node.kubeProxyRules(family);
      Optional<Chain> services = rules.flatMap(found -> found.rules().table(Table.NAT))
          .flatMap(nat -> nat.chain(ChainName.of("KUBE-SERVICES")));
      if (services.isPresent() && matchesClusterIpSet(services.get())) {
        return Optional.of("the node's " + family + " nat KUBE-SERVICES chain matches ipset"
            + " KUBE-CLUSTER-IP");
      }
    }
    return Optional.empty();
  }

  private static boolean matchesClusterIpSet(Chain chain) {
    for (Rule rule : chain.rules()) {
      for (Match match : rule.matches()) {
        if (match instanceof SetMatch set && (set.setName().equals("KUBE-CLUSTER-IP")
            || set.setName().equals("KUBE-6-CLUSTER-IP"))) {
          return true;
        }
      }
    }
    return false;
  }
}
