package dev.svcnet.conformance.cluster;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.RuleSetCodec;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesRenderer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * On a live node (the {@code cluster} target: a privileged pod with the host's network, see
 * deploy/cluster/): reads the Services and EndpointSlices from the API server, predicts with
 * svcnet's service-proxy the iptables rules kube-proxy must have written for them on this node,
 * and compares them with the node's real rules (iptables-save of the backend that holds
 * KUBE-SERVICES), chain by chain; then connects from the node to a sample of ClusterIPs (see
 * {@link ClusterIpProbes}). Every difference is reported; the minimal counterexample is the first
 * one. kube-proxy options that only show in its rules (mark bit, --random-fully, nfacct,
 * localhost NodePorts, conntrack liberal mode) are read back from the node's rules; the cluster
 * CIDR comes from kube-proxy's ConfigMap or {@code SVCNET_CLUSTER_CIDR}; the node name from {@code
 * NODE_NAME} or the host name.
 */
public final class KubeProxyIptablesCheck extends KubeProxyCheck {
  public static final String CAPABILITY = "cluster.kube-proxy-iptables";

  /** The check as the command line runs it: kubeconfig or in-cluster config, this node. */
  public KubeProxyIptablesCheck() {
    this(defaultClients(), KubeProxyCheck::localNodeName, clusterCidrFromEnvironment(),
        NodeAccess.local());
  }

  public KubeProxyIptablesCheck(Supplier<KubernetesClient> clients, Supplier<String> nodeName,
      Optional<String> clusterCidr, NodeAccess node) {
    super(CAPABILITY, clients, nodeName, clusterCidr, node);
  }

  @Override
  public String description() {
    return "kube-proxy's iptables rules on this node equal what svcnet predicts for the API server's"
        + " Services and EndpointSlices";
  }

  @Override
  public CheckResult run(Target target, Settings settings) {
    long start = System.nanoTime();
    List<NodeAccess.Found> found = new ArrayList<>();
    List<IpFamily> families = new ArrayList<>();
    for (IpFamily family : IpFamily.values()) {
      Optional<NodeAccess.Found> rules = node.kubeProxyRules(family);
      if (rules.isPresent()) {
        found.add(rules.get());
        families.add(family);
      }
    }
    if (found.isEmpty()) {
      return CheckResult.notRun(CAPABILITY, target, "no KUBE-SERVICES chain in the nat table of"
          + " iptables-nft or iptables-legacy here: this is not a node whose kube-proxy runs in"
          + " iptables mode");
    }
    Optional<String> ipvsMode = KubeProxyMode.ipvsEvidence(node);
    if (ipvsMode.isPresent()) {
      return CheckResult.notRun(CAPABILITY, target, "kube-proxy runs in IPVS mode on this node ("
          + ipvsMode.get() + "): its IPVS table is compared by " + KubeProxyIpvsCheck.CAPABILITY);
    }
    return withApiServer(target, (client, apiServer) -> compare(target, settings, start, found,
        families, apiServer.snapshot()));
  }

  private CheckResult compare(Target target, Settings settings, long start,
      List<NodeAccess.Found> found, List<IpFamily> families, ClusterSnapshot snapshot) {
    RuleSetCodec codec = RuleSetCodec.standard();
    List<String> differences = new ArrayList<>();
    int chains = 0;
    int probes = 0;
    for (int i = 0; i < found.size(); i++) {
      IpFamily family = families.get(i);
      RuleSet onNode = found.get(i).rules();
      IptablesOptions options = ObservedKubeProxyOptions.of(onNode);
      if (settings.faultyModels()) {
        // Test-only fault switch: predict with the wrong masquerade mark.
        options = options.withMasqueradeBit((options.masqueradeBit() + 1) % 32);
      }
      String payload = IptablesRenderer.render(snapshot.state(), snapshot.node(),
          dev.svcnet.proxy.IpFamily.valueOf(family.name()), options);
      RuleSet predicted = codec.parse(payload, family);
      chains += predicted.tables().stream().mapToInt(t -> t.chains().size()).sum();
      for (String difference : RuleDifferences.between(predicted, onNode, family)) {
        differences.add(family + " (" + found.get(i).backend().name().toLowerCase() + ") " + difference);
      }
      probes += probe(ClusterIpProbes.sample(predicted, settings.seed()), differences);
    }
    String where = "node " + snapshot.node().nodeName() + ", " + snapshot.state().services().size()
        + " services, cluster CIDR " + snapshot.node().clusterCidrs() + " ("
        + snapshot.clusterCidrSource() + ")";
    return verdict(target, settings, start, differences, chains + " kube-proxy chains equal"
        + " svcnet's prediction and " + probes + " ClusterIP connections went as predicted (" + where
        + ")", "kube-proxy's rules and svcnet's prediction (" + where + ")");
  }
}
