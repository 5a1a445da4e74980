package dev.svcnet.conformance.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.harness.vm.InKernelVm;
import dev.svcnet.harness.vm.RoutableDummy;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.NetworkNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster target on a node whose kube-proxy runs in IPVS mode, inside Debian's kernel under
 * QEMU (this host's kernel has no IPVS): fabric8's mock API server (CRUD mode) holds the objects
 * of {@code cluster/ipvs-services.yaml}; a fresh network namespace stands for the node, its IPVS
 * table loaded by the real ipvsadm-restore from the hand-written {@code cluster/ipvs-node.rules}
 * and its ClusterIPs bound to kube-ipvs0 with the real ip (see resources/cluster/README.md).
 */
@InKernelVm(timeoutSeconds = 600)
@EnableKubernetesMockClient(crud = true)
class KubeProxyIpvsCheckTest {
  /** Injected by the mock server's extension; used only to derive {@link #client}. */
  KubernetesClient mockServerClient;
  private KubernetesClient client;
  private NetworkNamespace node;

  @BeforeEach
  void startNodeAndApiServer() throws IOException {
    client = patientClient(mockServerClient);
    try (InputStream in = resource("/cluster/ipvs-services.yaml")) {
      for (HasMetadata object : client.load(in).items()) {
        client.resource(object).create();
      }
    }
    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("test-node").endMetadata()
        .withNewStatus().addNewAddress().withType("InternalIP").withAddress("192.168.0.2").endAddress()
        .endStatus().build()).create();
    node = NetworkNamespace.create("ipvs-node");
  }

  /**
   * Under QEMU's emulation one request to the mock server can take longer than fabric8's 10 s
   * default timeout, and fabric8 then retries it: a retried POST meets its own first attempt and
   * fails with 409 "already exists" (seen in CI). Wait longer, and never retry.
   */
  private static KubernetesClient patientClient(KubernetesClient injected) {
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(injected.getConfiguration())
        .withRequestTimeout(180_000).withConnectionTimeout(180_000).withRequestRetryBackoffLimit(0)
        .build()).build();
  }

  /** The mock server may outlive one test: leave it empty for the next. */
  @AfterEach
  void stopNodeAndEmptyTheApiServer() throws IOException {
    if (node != null) {
      node.close();
    }
    client.services().inAnyNamespace().delete();
    client.discovery().v1().endpointSlices().inAnyNamespace().delete();
    client.nodes().delete();
    client.configMaps().inAnyNamespace().delete();
    client.close();
  }

  /** What kube-proxy leaves on the node: kube-ipvs0 with the ClusterIPs, and the IPVS table. */
  private void programNodeAsKubeProxyDoes() throws IOException {
    String rules = new String(resource("/cluster/ipvs-node.rules").readAllBytes(), StandardCharsets.UTF_8);
    node.run(() -> {
      RoutableDummy.add(List.of("192.168.0.2/24"));
      run("ip", "link", "add", "kube-ipvs0", "type", "dummy");
      for (String clusterIp : List.of("172.30.0.41", "172.30.0.42", "172.30.0.43")) {
        run("ip", "addr", "add", clusterIp + "/32", "dev", "kube-ipvs0");
      }
      ExternalCommand.of("ipvsadm-restore").withStdin(rules).runChecked();
    });
  }

  private void onNode(String... argv) throws IOException {
    node.run(() -> run(argv));
  }

  private static void run(String... argv) throws IOException {
    ExternalCommand.of(argv).runChecked();
  }

  private KubeProxyIpvsCheck check() {
    return new KubeProxyIpvsCheck(
        () -> new KubernetesClientBuilder().withConfig(client.getConfiguration()).build(),
        () -> "test-node", Optional.empty(), NodeAccess.in(node));
  }

  @Test
  void theTableIpvsadmRestoreLoadedEqualsSvcnetsPlanForTheApiServersObjects() throws IOException {
    programNodeAsKubeProxyDoes();

    CheckResult result = check().run(Target.CLUSTER, new Settings(1, 1));

    assertThat(result.verdict()).as(result.detail() + result.failingCase().map(c -> "\n" + c.first()).orElse(""))
        .isEqualTo(Verdict.PASSED);
    assertThat(result.detail()).contains("4 virtual servers with 4 real servers and 3 kube-ipvs0"
        + " addresses equal svcnet's IPVS plan", "node test-node, 3 services",
        "scheduler rr (read back from the node's virtual servers)",
        "the node has kube-proxy's kube-ipvs0 interface");
  }

  @Test
  void everyPlantedDifferenceIsReported() throws IOException {
    programNodeAsKubeProxyDoes();
    onNode("ipvsadm", "-d", "-t", "172.30.0.41:80", "-r", "10.180.0.2:8080");
    onNode("ipvsadm", "-e", "-t", "172.30.0.41:80", "-r", "10.180.0.1:8080", "-m", "-w", "3");
    onNode("ipvsadm", "-E", "-t", "172.30.0.42:80", "-s", "wrr");
    onNode("ipvsadm", "-A", "-t", "172.30.0.99:80", "-s", "rr");
    onNode("ip", "addr", "del", "172.30.0.43/32", "dev", "kube-ipvs0");

    CheckResult result = check().run(Target.CLUSTER, new Settings(3, 1));

    assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(result.failingCase().orElseThrow().first().split("\n")).containsExactlyInAnyOrder(
        "TCP 172.30.0.41:80 -> 10.180.0.1:8080: weight: node has 3, svcnet predicts 1",
        "TCP 172.30.0.41:80 -> 10.180.0.2:8080: svcnet predicts this real server (Masq, weight 1),"
            + " missing on the node",
        "TCP 172.30.0.42:80: scheduler: node has wrr, svcnet predicts rr",
        "TCP 172.30.0.42:80: persistence: node has none, svcnet predicts 10800 s",
        "TCP 172.30.0.99:80: on the node (rr, 0 real servers), not predicted by svcnet for the API"
            + " server's objects",
        "kube-ipvs0: svcnet predicts address 172.30.0.43, not on the node");
    assertThat(result.failingCase().orElseThrow().reproduce()).isEqualTo(
        "./svcnet conformance --target=cluster --capability=cluster.kube-proxy-ipvs --seed=3 --tries=1");
  }

  @Test
  void aServiceDeletedFromTheApiServerButStillOnTheNodeIsReported() throws IOException {
    programNodeAsKubeProxyDoes();
    client.services().inNamespace("ns3").withName("dns").delete();

    CheckResult result = check().run(Target.CLUSTER, new Settings(1, 1));

    assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(result.failingCase().orElseThrow().first().split("\n")).containsExactlyInAnyOrder(
        "UDP 172.30.0.43:53: on the node (rr, 0 real servers), not predicted by svcnet for the API"
            + " server's objects",
        "kube-ipvs0: node has address 172.30.0.43, not predicted by svcnet");
  }

  @Test
  void theFaultSwitchMakesTheCheckFail() throws IOException {
    programNodeAsKubeProxyDoes();

    CheckResult result = check().run(Target.CLUSTER, new Settings(1, 1, true));

    assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(result.failingCase().orElseThrow().first()).contains("persistence: node has 10800 s,"
        + " svcnet predicts none");
  }

  @Test
  void theIptablesCheckLeavesAnIpvsNodeToThisCheck() throws IOException {
    programNodeAsKubeProxyDoes();
    // kube-proxy in IPVS mode also writes a nat KUBE-SERVICES chain (it matches its ipsets).
    node.run(() -> ExternalCommand.of("iptables-nft-restore", "-w").withStdin(
        "*nat\n:KUBE-SERVICES - [0:0]\nCOMMIT\n").runChecked());

    CheckResult result = new KubeProxyIptablesCheck(
        () -> new KubernetesClientBuilder().withConfig(client.getConfiguration()).build(),
        () -> "test-node", Optional.empty(), NodeAccess.in(node)).run(Target.CLUSTER, new Settings(1, 1));

    assertThat(result.verdict()).isEqualTo(Verdict.NOT_RUN);
    assertThat(result.detail()).isEqualTo("kube-proxy runs in IPVS mode on this node (the node has"
        + " kube-proxy's kube-ipvs0 interface): its IPVS table is compared by cluster.kube-proxy-ipvs");
  }

  @Test
  void aNodeWithoutKubeProxysStateIsNotRunWithTheReason() {
    CheckResult result = check().run(Target.CLUSTER, new Settings(1, 1));

    assertThat(result.verdict()).isEqualTo(Verdict.NOT_RUN);
    assertThat(result.detail()).isEqualTo("kube-proxy does not run in IPVS mode on this node: the"
        + " node has neither kube-ipvs0 nor a KUBE-SERVICES chain, and no kube-proxy ConfigMap"
        + " names a mode");
  }

  @Test
  void whenTheNodeShowsNothingTheConfigMapsModeDecidesAndEverythingIsMissing() {
    client.configMaps().inNamespace("kube-system").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("kube-proxy").withNamespace("kube-system").endMetadata()
        .withData(Map.of("config.conf", "apiVersion: kubeproxy.config.k8s.io/v1alpha1\n"
            + "kind: KubeProxyConfiguration\nmode: ipvs\nipvs:\n  scheduler: wrr\n"))
        .build()).create();

    CheckResult result = check().run(Target.CLUSTER, new Settings(1, 1));

    assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(result.detail()).contains("scheduler wrr (kube-system/kube-proxy ConfigMap)",
        "the kube-system/kube-proxy ConfigMap says mode: ipvs");
    assertThat(result.failingCase().orElseThrow().first()).contains(
        "TCP 172.30.0.41:80: svcnet predicts this virtual server (wrr, 2 real servers), missing on"
            + " the node",
        "kube-ipvs0: svcnet predicts it with 3 addresses, the node has no such interface");
  }

  private static InputStream resource(String name) {
    InputStream in = KubeProxyIpvsCheckTest.class.getResourceAsStream(name);
    assertThat(in).as(name).isNotNull();
    return in;
  }
}
