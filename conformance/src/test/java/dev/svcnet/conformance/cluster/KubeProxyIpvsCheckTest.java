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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster target on a node whose kube-proxy runs in IPVS mode, inside Debian's kernel under
 * QEMU (this host's kernel has no IPVS): fabric8's mock API server (CRUD mode) holds the objects
 * of {@code cluster/ipvs-services.yaml}; a fresh network namespace stands for the node, programmed
 * independently of svcnet from hand-written files with the real programs: its IPVS table by
 * ipvsadm-restore ({@code ipvs-node.rules}), kube-proxy's ipsets by ipset restore ({@code
 * ipvs-node.ipsets}), its IPVS-mode iptables rules by iptables-restore ({@code
 * ipvs-node.iptables}), its ClusterIPs bound to kube-ipvs0 with ip, and a listening socket on
 * every endpoint (see resources/cluster/README.md).
 */
@InKernelVm(timeoutSeconds = 900)
@EnableKubernetesMockClient(crud = true)
class KubeProxyIpvsCheckTest {
  /** Injected by the mock server's extension; used only to derive {@link #client}. */
  KubernetesClient mockServerClient;
  private KubernetesClient client;
  private NetworkNamespace node;
  private final Map<String, ServerSocket> endpoints = new HashMap<>();

  /** What kube-proxy needs besides IPVS (autoloading would do, this says it). */
  @BeforeAll
  static void loadModules() throws IOException {
    for (String module : List.of("ip_vs", "ip_vs_rr", "dummy", "ip_set", "xt_set")) {
      run("modprobe", module);
    }
  }

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
    for (ServerSocket endpoint : endpoints.values()) {
      endpoint.close();
    }
    if (node != null) {
      node.close();
    }
    client.services().inAnyNamespace().delete();
    client.discovery().v1().endpointSlices().inAnyNamespace().delete();
    client.nodes().delete();
    client.configMaps().inAnyNamespace().delete();
    client.close();
  }

  /**
   * What kube-proxy leaves on the node (kube-ipvs0 with the ClusterIPs, the IPVS table, its
   * ipsets and iptables rules, net.ipv4.vs.conntrack=1) and the endpoints: their addresses local
   * on the node, each with a listening socket, so connections to the ClusterIPs reach them.
   */
  private void programNodeAsKubeProxyDoes() throws IOException {
    String rules = text("/cluster/ipvs-node.rules");
    String ipsets = text("/cluster/ipvs-node.ipsets");
    String iptables = text("/cluster/ipvs-node.iptables");
    List<String> endpointIps = List.of("10.180.0.1", "10.180.0.2", "10.180.0.3");
    node.run(() -> {
      RoutableDummy.add(List.of("192.168.0.2/24", "10.180.0.1/32", "10.180.0.2/32",
          "10.180.0.3/32"));
      run("ip", "link", "set", "lo", "up");
      run("ip", "link", "add", "kube-ipvs0", "type", "dummy");
      for (String clusterIp : List.of("172.30.0.41", "172.30.0.42", "172.30.0.43", "172.30.0.44")) {
        run("ip", "addr", "add", clusterIp + "/32", "dev", "kube-ipvs0");
      }
      ExternalCommand.of("ipvsadm-restore").withStdin(rules).runChecked();
      ExternalCommand.of("ipset", "restore").withStdin(ipsets).runChecked();
      ExternalCommand.of("iptables-nft-restore", "-w", "--noflush").withStdin(iptables)
          .runChecked();
      run("sysctl", "-w", "net.ipv4.vs.conntrack=1");
    });
    for (String ip : endpointIps) {
      endpoints.put(ip, node.call(() -> new ServerSocket(8080, 50, InetAddress.getByName(ip))));
    }
  }

  private static String text(String resource) throws IOException {
    try (InputStream in = resource(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
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
    assertThat(result.detail()).contains("5 virtual servers with 4 real servers, 4 kube-ipvs0"
        + " addresses, 17 ipsets and 11 iptables chains equal svcnet's IPVS plan and 3 ClusterIP"
        + " connections went as predicted", "node test-node, 4 services",
        "scheduler rr (read back from the node's virtual servers)",
        "the node has kube-proxy's kube-ipvs0 interface");
  }

  /**
   * One of each kind of difference, planted at once (each guest test costs a minute under
   * emulation): in the IPVS table, on kube-ipvs0, in the ipsets, in the iptables rules, and an
   * endpoint that does not answer (the kernel state is right, the traffic is not).
   */
  @Test
  void everyPlantedDifferenceIsReported() throws IOException {
    programNodeAsKubeProxyDoes();
    onNode("ipvsadm", "-d", "-t", "172.30.0.41:80", "-r", "10.180.0.2:8080");
    onNode("ipvsadm", "-e", "-t", "172.30.0.41:80", "-r", "10.180.0.1:8080", "-m", "-w", "3");
    onNode("ipvsadm", "-E", "-t", "172.30.0.42:80", "-s", "wrr");
    onNode("ipvsadm", "-A", "-t", "172.30.0.99:80", "-s", "rr");
    onNode("ip", "addr", "del", "172.30.0.43/32", "dev", "kube-ipvs0");
    onNode("ipset", "del", "KUBE-CLUSTER-IP", "172.30.0.43,udp:53");
    onNode("iptables-nft", "-w", "-t", "filter", "-A", "KUBE-FORWARD", "-s", "10.9.9.9/32", "-j",
        "DROP");
    onNode("iptables-nft", "-w", "-t", "filter", "-D", "OUTPUT", "-m", "comment", "--comment",
        "kubernetes ipvs access filter", "-j", "KUBE-IPVS-OUT-FILTER");
    endpoints.remove("10.180.0.3").close();

    CheckResult result = check().run(Target.CLUSTER, new Settings(3, 1));

    assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(result.detail()).startsWith("10 differences between the node's IPVS-mode state and"
        + " svcnet's IPVS plan");
    assertThat(result.failingCase().orElseThrow().first().split("\n")).containsExactlyInAnyOrder(
        "TCP 172.30.0.41:80 -> 10.180.0.1:8080: weight: node has 3, svcnet predicts 1",
        "TCP 172.30.0.41:80 -> 10.180.0.2:8080: svcnet predicts this real server (Masq, weight 1),"
            + " missing on the node",
        "TCP 172.30.0.42:80: scheduler: node has wrr, svcnet predicts rr",
        "TCP 172.30.0.42:80: persistence: node has none, svcnet predicts 10800 s",
        "TCP 172.30.0.99:80: on the node (rr, 0 real servers), not predicted by svcnet for the API"
            + " server's objects",
        "kube-ipvs0: svcnet predicts address 172.30.0.43, not on the node",
        "ipset KUBE-CLUSTER-IP: svcnet predicts member 172.30.0.43,udp:53, not on the node",
        "IPV4 (nft) filter KUBE-FORWARD rule 3: node has '-s 10.9.9.9/32 -j DROP', svcnet predicts"
            + " no rule",
        "IPV4 (nft) filter OUTPUT: svcnet predicts '-m comment --comment \"kubernetes ipvs access"
            + " filter\" -j KUBE-IPVS-OUT-FILTER', not on the node",
        "traffic to 172.30.0.42:80 (virtual server TCP 172.30.0.42:80, 1 real server): svcnet"
            + " predicts ESTABLISHED, the node gave REFUSED");
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
        "kube-ipvs0: node has address 172.30.0.43, not predicted by svcnet",
        "ipset KUBE-CLUSTER-IP: node has member 172.30.0.43,udp:53, not predicted by svcnet",
        "ipset KUBE-IPVS-IPS: node has member 172.30.0.43, not predicted by svcnet");
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
        "kube-ipvs0: svcnet predicts it with 4 addresses, the node has no such interface",
        "ipset KUBE-CLUSTER-IP: svcnet predicts this hash:ip,port set (4 members), missing on the"
            + " node",
        "IPV4 iptables: svcnet predicts kube-proxy's IPVS-mode chains, the node has no"
            + " KUBE-SERVICES chain");
  }

  private static InputStream resource(String name) {
    InputStream in = KubeProxyIpvsCheckTest.class.getResourceAsStream(name);
    assertThat(in).as(name).isNotNull();
    return in;
  }
}
