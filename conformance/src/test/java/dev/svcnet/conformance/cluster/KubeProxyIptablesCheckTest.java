package dev.svcnet.conformance.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.harness.netns.NamespaceAssumptions;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.Iproute2;
import dev.svcnet.netlink.netns.NetworkNamespace;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesProfile;
import dev.svcnet.proxy.IptablesRenderer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster target against fabric8's mock API server (CRUD mode) holding the objects of
 * kube-proxy's own TestOverallIPTablesRulesWithMultipleServices, and a network namespace standing
 * for the node, programmed with the real iptables-restore from kube-proxy's expected payload for
 * those objects (resources/cluster/README.md).
 */
@EnableKubernetesMockClient(crud = true)
class KubeProxyIptablesCheckTest {
  KubernetesClient client;
  private NetworkNamespace node;
  private final Map<InetAddress, ServerSocket> listening = new HashMap<>();

  @BeforeEach
  void startNodeAndApiServer() throws IOException {
    NamespaceAssumptions.assumeNamespacesAllowed("cluster target check");
    node = NetworkNamespace.create("cluster-node");
    try (InputStream in = resource("/cluster/overall-services-1.28.yaml")) {
      for (HasMetadata object : client.load(in).items()) {
        client.resource(object).create();
      }
    }
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("test-node").endMetadata()
        .withNewStatus().addNewAddress().withType("InternalIP").withAddress("192.168.0.2").endAddress()
        .endStatus().build()).create();
    client.configMaps().inNamespace("kube-system").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("kube-proxy").withNamespace("kube-system").endMetadata()
        .withData(Map.of("config.conf", "apiVersion: kubeproxy.config.k8s.io/v1alpha1\n"
            + "kind: KubeProxyConfiguration\nclusterCIDR: 10.0.0.0/8\nmode: iptables\n"))
        .build()).create();
  }

  @AfterEach
  void stopNode() throws IOException {
    for (ServerSocket socket : listening.values()) {
      socket.close();
    }
    if (node != null) {
      node.close();
    }
  }

  /**
   * Loads kube-proxy's expected payload and the jump rules kube-proxy adds outside it, and stands
   * up its endpoints: every DNAT destination becomes an address of the loopback interface with a
   * listening socket, so connections to ClusterIPs reach them through the rules.
   */
  private void programNodeWithKubeProxysOwnPayload() throws IOException {
    String payload = new String(resource("/cluster/overall-1.28.txt").readAllBytes(), StandardCharsets.UTF_8);
    String jumps = IptablesRenderer.jumpRules(IpFamily.IPV4,
        IptablesOptions.defaults(IptablesProfile.CURRENT).withRandomFully(false));
    node.run(() -> ExternalCommand.of("iptables-nft-restore", "-w").withStdin(payload).runChecked());
    node.run(() -> ExternalCommand.of("iptables-nft-restore", "-w", "--noflush").withStdin(jumps).runChecked());
    Iproute2 ip = Iproute2.in(node);
    // The ClusterIPs are routed locally, so connections to them pass nat and filter OUTPUT.
    ip.ip("route", "add", "local", "172.30.0.0/16", "dev", "lo");
    Matcher endpoint = Pattern.compile("--to-destination ([0-9.]+):([0-9]+)").matcher(payload);
    while (endpoint.find()) {
      InetAddress address = InetAddress.getByName(endpoint.group(1));
      int port = Integer.parseInt(endpoint.group(2));
      if (!listening.containsKey(address)) {
        ip.addAddress("lo", endpoint.group(1) + "/32");
        listening.put(address, node.call(() -> new ServerSocket(port, 50, address)));
      }
    }
  }

  private KubeProxyIptablesCheck check() {
    return new KubeProxyIptablesCheck(
        () -> new KubernetesClientBuilder().withConfig(client.getConfiguration()).build(),
        () -> "test-node", Optional.empty(),
        NodeAccess.in(node));
  }

  @Test
  void kubeProxysOwnRulesAgreeWithSvcnetsPredictionForTheApiServersObjects() throws IOException {
    programNodeWithKubeProxysOwnPayload();

    CheckResult result = check().run(Target.CLUSTER, new Settings(1, 1));

    assertThat(result.verdict()).as(result.detail() + result.failingCase().map(c -> "\n" + c.first()).orElse(""))
        .isEqualTo(Verdict.PASSED);
    assertThat(result.detail()).contains("node test-node", "[10.0.0.0/8] (kube-system/kube-proxy ConfigMap)",
        "6 ClusterIP connections went as predicted");
  }

  @Test
  void anEndpointThatDoesNotAnswerIsReportedAsTraffic() throws IOException {
    programNodeWithKubeProxysOwnPayload();
    listening.remove(InetAddress.getByName("10.180.0.1")).close();

    CheckResult result = check().run(Target.CLUSTER, new Settings(1, 1));

    assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(result.failingCase().orElseThrow().first()).isEqualTo(
        "traffic to 172.30.0.41:80 (ns1/svc1:p80): svcnet predicts ESTABLISHED, the node gave REFUSED");
  }

  @Test
  void anEndpointSliceTheNodeHasNotCaughtUpWithIsReportedChainByChain() throws IOException {
    programNodeWithKubeProxysOwnPayload();
    EndpointSlice slice = client.discovery().v1().endpointSlices().inNamespace("ns4").list().getItems().get(0);
    client.resource(slice).delete();

    CheckResult result = check().run(Target.CLUSTER, new Settings(7, 1));

    assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(result.failingCase()).hasValueSatisfying(c -> {
      assertThat(c.first()).contains("KUBE-SVC-", "not predicted by svcnet");
      assertThat(c.minimalSize()).isEqualTo(1);
      assertThat(c.reproduce()).isEqualTo(
          "./svcnet conformance --target=cluster --capability=cluster.kube-proxy-iptables --seed=7 --tries=1");
    });
  }

  @Test
  void theFaultSwitchMakesTheCheckFail() throws IOException {
    programNodeWithKubeProxysOwnPayload();

    CheckResult result = check().run(Target.CLUSTER, new Settings(1, 1, true));

    assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(result.failingCase().orElseThrow().first()).contains("KUBE-MARK-MASQ");
  }

  @Test
  void aNodeWithoutKubeProxysRulesIsNotRunWithTheReason() {
    CheckResult result = check().run(Target.CLUSTER, new Settings(1, 1));

    assertThat(result.verdict()).isEqualTo(Verdict.NOT_RUN);
    assertThat(result.detail()).contains("no KUBE-SERVICES chain");
  }

  @Test
  void anUnreachableApiServerIsNotRunWithTheReason() throws IOException {
    programNodeWithKubeProxysOwnPayload();
    KubeProxyIptablesCheck check = new KubeProxyIptablesCheck(() -> {
      throw new KubernetesClientException("no kubeconfig and not in a pod");
    }, () -> "test-node", Optional.empty(), NodeAccess.in(node));

    CheckResult result = check.run(Target.CLUSTER, new Settings(1, 1));

    assertThat(result.verdict()).isEqualTo(Verdict.NOT_RUN);
    assertThat(result.detail()).isEqualTo("cannot read the API server: no kubeconfig and not in a pod");
  }

  private static InputStream resource(String name) {
    InputStream in = KubeProxyIptablesCheckTest.class.getResourceAsStream(name);
    assertThat(in).as(name).isNotNull();
    return in;
  }
}
