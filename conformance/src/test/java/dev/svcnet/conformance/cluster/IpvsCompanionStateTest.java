package dev.svcnet.conformance.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.harness.netns.NamespaceAssumptions;
import dev.svcnet.netfilter.Backend;
import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.RuleSetCodec;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.NetworkNamespace;
import dev.svcnet.proxy.Ips;
import dev.svcnet.proxy.IpvsPlan;
import dev.svcnet.proxy.IpvsPlanner;
import dev.svcnet.proxy.KubernetesObjects;
import dev.svcnet.proxy.NodeSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The IPVS-mode companion state on this host's kernel, which has ipsets and iptables but no IPVS:
 * the hand-written {@code ipvs-node.ipsets} and {@code ipvs-node.iptables} (kube-proxy's state for
 * {@code ipvs-services.yaml}, see resources/cluster/README.md), loaded into a fresh namespace with
 * the real ipset and iptables-restore and read back with ipset save and iptables-save, equal
 * svcnet's IPVS plan for those objects as {@link KubeProxyIpvsCheck} compares them; a planted
 * difference of each kind is reported. {@code KubeProxyIpvsCheckTest} runs the whole check,
 * IPVS table and traffic included, in Debian's kernel under QEMU.
 */
class IpvsCompanionStateTest {
  private static final NodeSettings NODE = new NodeSettings("test-node",
      List.of(Ips.parse("192.168.0.2")), List.of(), "cluster.local");

  private NetworkNamespace node;
  private IpvsPlan plan;

  @BeforeEach
  void loadKubeProxysStateIntoANode() throws IOException {
    NamespaceAssumptions.assumeNamespacesAllowed("IPVS-mode ipsets and rules");
    plan = IpvsPlanner.plan(KubernetesObjects.fromYaml(text("/cluster/ipvs-services.yaml")), NODE,
        dev.svcnet.proxy.IpFamily.IPV4, "rr");
    node = NetworkNamespace.create("ipvs-companion");
    String ipsets = text("/cluster/ipvs-node.ipsets");
    String iptables = text("/cluster/ipvs-node.iptables");
    node.run(() -> {
      ExternalCommand.of("ipset", "restore").withStdin(ipsets).runChecked();
      ExternalCommand.of("iptables-nft-restore", "-w", "--noflush").withStdin(iptables)
          .runChecked();
    });
  }

  @AfterEach
  void removeNode() {
    if (node != null) {
      node.close();
    }
  }

  private List<String> differences() throws IOException {
    NodeAccess access = NodeAccess.in(node);
    List<String> differences = new ArrayList<>(IpSetDifferences.between(plan.ipSets(),
        IpSetDifferences.parseSave(access.ipsetSave()), Set.copyOf(plan.ipSets().stream()
            .map(s -> s.name()).toList())));
    RuleSet onNode = access.save(Backend.NFT, IpFamily.IPV4);
    RuleSetCodec codec = RuleSetCodec.standard();
    differences.addAll(RuleDifferences.between(codec.parse(plan.iptablesPayload(), IpFamily.IPV4),
        onNode, IpFamily.IPV4));
    differences.addAll(RuleDifferences.jumps(codec.parse(
        KubeProxyIpvsCheck.asAppended(plan.iptablesJumpRules()), IpFamily.IPV4), onNode,
        IpFamily.IPV4));
    return differences;
  }

  @Test
  void kubeProxysSetsAndRulesEqualSvcnetsPlan() throws IOException {
    assertThat(differences()).isEmpty();
    assertThat(plan.ipSets()).hasSize(17);
  }

  @Test
  void aMissingMemberAnExtraMemberAnExtraRuleAndAMissingJumpAreEachReported() throws IOException {
    node.run(() -> {
      ExternalCommand.of("ipset", "del", "KUBE-CLUSTER-IP", "172.30.0.43,udp:53").runChecked();
      ExternalCommand.of("ipset", "add", "KUBE-NODE-PORT-TCP", "30002").runChecked();
      ExternalCommand.of("iptables-nft", "-w", "-t", "nat", "-A", "KUBE-SERVICES", "-d",
          "172.30.0.99/32", "-j", "RETURN").runChecked();
      ExternalCommand.of("iptables-nft", "-w", "-t", "nat", "-D", "POSTROUTING", "-m", "comment",
          "--comment", "kubernetes postrouting rules", "-j", "KUBE-POSTROUTING").runChecked();
    });

    assertThat(differences()).containsExactlyInAnyOrder(
        "ipset KUBE-CLUSTER-IP: svcnet predicts member 172.30.0.43,udp:53, not on the node",
        "ipset KUBE-NODE-PORT-TCP: node has member 30002, not predicted by svcnet",
        "nat KUBE-SERVICES: node has '-d 172.30.0.99/32 -j RETURN', not"
            + " predicted by svcnet",
        "nat POSTROUTING: svcnet predicts '-m comment --comment \"kubernetes"
            + " postrouting rules\" -j KUBE-POSTROUTING', not on the node");
  }

  @Test
  void aMissingSetAndASetOfTheOtherFamilyAreReported() throws IOException {
    node.run(() -> {
      ExternalCommand.of("ipset", "destroy", "KUBE-LOOP-BACK").runChecked();
      ExternalCommand.of("ipset", "create", "KUBE-6-CLUSTER-IP", "hash:ip,port", "family",
          "inet6").runChecked();
    });
    Set<String> bothFamilies = new java.util.HashSet<>();
    plan.ipSets().forEach(s -> bothFamilies.add(s.name()));
    bothFamilies.add("KUBE-6-CLUSTER-IP");

    assertThat(IpSetDifferences.between(plan.ipSets(),
        IpSetDifferences.parseSave(NodeAccess.in(node).ipsetSave()), bothFamilies))
        .containsExactlyInAnyOrder(
            "ipset KUBE-LOOP-BACK: svcnet predicts this hash:ip,port,ip set (0 members), missing"
                + " on the node",
            "ipset KUBE-6-CLUSTER-IP: on the node (hash:ip,port, 0 members), not predicted by"
                + " svcnet for the IP families kube-proxy serves here");
  }

  private static String text(String name) throws IOException {
    try (InputStream in = IpvsCompanionStateTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
