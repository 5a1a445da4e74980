package dev.svcnet.cli.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code svcnet ipvs render}: kube-proxy's IPVS-mode table in {@code ipvsadm -L -n} text. The
 * expected tables are written by hand from kube-proxy's rules (a virtual server per ClusterIP,
 * per node address for a NodePort, per load-balancer IP; Masq real servers of weight 1; ClientIP
 * affinity = persistence 10800 s) and ipvsadm's printf formats and sort (family, protocol, then
 * address and port compared as ipvsadm does, by an int difference of the unsigned words, which
 * puts 172.16.0.0/12 and 192.168.0.0/16 before 10.0.0.0/8).
 */
class IpvsRenderCommandTest {

  static final String HEADER = "IP Virtual Server version 1.2.1 (size=4096)\n"
      + "Prot LocalAddress:Port Scheduler Flags\n"
      + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n";

  static final String CLUSTER = """
      apiVersion: v1
      kind: Service
      metadata: {namespace: shop, name: cart}
      spec:
        type: NodePort
        clusterIP: 10.96.0.20
        sessionAffinity: ClientIP
        ports:
        - {name: http, port: 80, targetPort: web, nodePort: 30080}
        - {name: stats, port: 9090, protocol: UDP, targetPort: 9090}
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata: {namespace: shop, name: cart-1, labels: {kubernetes.io/service-name: cart}}
      addressType: IPv4
      endpoints:
      - addresses: [10.244.2.7]
        nodeName: node-b
      - addresses: [10.244.1.5]
        nodeName: node-a
      - addresses: [10.244.3.9]
        nodeName: node-c
        conditions: {ready: false}
      ports:
      - {name: http, port: 8080, protocol: TCP}
      - {name: stats, port: 9090, protocol: UDP}
      ---
      apiVersion: v1
      kind: Service
      metadata: {namespace: shop, name: empty}
      spec:
        clusterIP: 10.96.0.9
        ports: [{port: 443}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {namespace: shop, name: front}
      spec:
        type: LoadBalancer
        clusterIP: 10.96.0.40
        externalTrafficPolicy: Local
        ports: [{port: 443, targetPort: 8443, nodePort: 31443}]
      status:
        loadBalancer:
          ingress: [{ip: 172.16.0.5}]
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata: {namespace: shop, name: front-1, labels: {kubernetes.io/service-name: front}}
      addressType: IPv4
      endpoints:
      - addresses: [10.244.1.6]
        nodeName: node-a
      - addresses: [10.244.2.6]
        nodeName: node-b
      ports: [{port: 8443, protocol: TCP}]
      ---
      apiVersion: v1
      kind: Service
      metadata: {namespace: shop, name: dns}
      spec:
        clusterIP: 10.96.0.30
        clusterIPs: [10.96.0.30, "fd00::30"]
        ipFamilies: [IPv4, IPv6]
        ipFamilyPolicy: RequireDualStack
        ports: [{port: 53, protocol: UDP}]
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata: {namespace: shop, name: dns-4, labels: {kubernetes.io/service-name: dns}}
      addressType: IPv4
      endpoints: [{addresses: [10.244.1.8]}]
      ports: [{port: 53, protocol: UDP}]
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata: {namespace: shop, name: dns-6, labels: {kubernetes.io/service-name: dns}}
      addressType: IPv6
      endpoints: [{addresses: ["fd00:244::8"]}]
      ports: [{port: 53, protocol: UDP}]
      """;

  @TempDir
  Path dir;

  /** ipvsadm's destination line: {@code "  -> %-28s %-7s %-6d %-10u %-10u\n"}. */
  static String masq(String addressAndPort) {
    return String.format("  -> %-28s %-7s %-6d %-10d %-10d%n", addressAndPort, "Masq", 1, 0, 0);
  }

  Path file(String text) throws IOException {
    Path file = dir.resolve("cluster.yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void everyVirtualServerKubeProxyProgramsListedAsIpvsadmPrintsIt() throws IOException {
    CliRun run = CliRun.of("ipvs", "render", "--node-ip=192.168.0.2", "--node-ip=192.168.0.3",
        "--node-name=node-a", file(CLUSTER).toString());

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(HEADER
        // externalTrafficPolicy Local: only node-a's endpoint behind LB IP and NodePorts
        + "TCP  172.16.0.5:443 rr\n" + masq("10.244.1.6:8443")
        + "TCP  192.168.0.2:30080 rr persistent 10800\n"
        + masq("10.244.1.5:8080") + masq("10.244.2.7:8080")
        + "TCP  192.168.0.2:31443 rr\n" + masq("10.244.1.6:8443")
        + "TCP  192.168.0.3:30080 rr persistent 10800\n"
        + masq("10.244.1.5:8080") + masq("10.244.2.7:8080")
        + "TCP  192.168.0.3:31443 rr\n" + masq("10.244.1.6:8443")
        // no endpoints: the virtual server exists without real servers
        + "TCP  10.96.0.9:443 rr\n"
        + "TCP  10.96.0.20:80 rr persistent 10800\n"
        + masq("10.244.1.5:8080") + masq("10.244.2.7:8080")
        + "TCP  10.96.0.40:443 rr\n" + masq("10.244.1.6:8443") + masq("10.244.2.6:8443")
        // the UDP port has no nodePort allocated: ClusterIP only
        + "UDP  10.96.0.20:9090 rr persistent 10800\n"
        + masq("10.244.1.5:9090") + masq("10.244.2.7:9090")
        + "UDP  10.96.0.30:53 rr\n" + masq("10.244.1.8:53")
        // IPv6 after IPv4 (AF_INET 2 < AF_INET6 10)
        + "UDP  [fd00::30]:53 rr\n" + masq("[fd00:244::8]:53"));
  }

  @Test
  void theSchedulerOptionNamesEveryVirtualServersScheduler() throws IOException {
    CliRun run = CliRun.of("ipvs", "render", "--scheduler=sh", file("""
        apiVersion: v1
        kind: Service
        metadata: {name: s}
        spec: {clusterIP: 10.96.0.1, ports: [{port: 80}]}
        """).toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(HEADER + "TCP  10.96.0.1:80 sh\n");
  }

  @Test
  void withoutNodeAddressesNodePortsGetNoVirtualServer() throws IOException {
    CliRun run = CliRun.of("ipvs", "render", file("""
        apiVersion: v1
        kind: Service
        metadata: {name: s}
        spec: {type: NodePort, clusterIP: 10.96.0.1, ports: [{port: 80, nodePort: 30001}]}
        """).toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo(HEADER + "TCP  10.96.0.1:80 rr\n");
  }

  @Test
  void aBadSchedulerNameIsAUsageErrorNamingTheOption() throws IOException {
    CliRun run = CliRun.of("ipvs", "render", "--scheduler=much-too-long-name",
        file(CLUSTER).toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("--scheduler:", "1..15 characters");
  }

  @Test
  void aBadNodeIpIsAUsageErrorNamingTheOption() throws IOException {
    CliRun run = CliRun.of("ipvs", "render", "--node-ip=node-a", file(CLUSTER).toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--node-ip:");
  }

  @Test
  void aMissingFileIsAUsageError() {
    CliRun run = CliRun.of("ipvs", "render", dir.resolve("absent.yaml").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("FILE: no such file:");
  }

  @Test
  void anObjectTheApiServerWouldRejectIsAnErrorNamingObjectAndField() throws IOException {
    CliRun run = CliRun.of("ipvs", "render", file("""
        apiVersion: v1
        kind: Service
        metadata: {namespace: shop, name: broken}
        spec: {clusterIP: 10.96.0.1, ports: [{port: 70000}]}
        """).toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("svcnet ipvs render: ").contains("shop/broken", "port");
  }

  @Test
  void ipsetsPrintsEverySetKubeProxyCreatesAsIpsetRestoreInput() throws IOException {
    CliRun run = CliRun.of("ipvs", "render", "--ipsets", "--node-ip=192.168.0.2",
        "--node-name=node-a", file(CLUSTER).toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("create KUBE-LOOP-BACK hash:ip,port,ip family inet"
        + " hashsize 1024 maxelem 65536\n")
        .contains("create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem"
            + " 65536\nadd KUBE-CLUSTER-IP 10.96.0.20,tcp:80\n")
        .contains("add KUBE-LOAD-BALANCER-LOCAL 172.16.0.5,tcp:443\n")
        .contains("create KUBE-NODE-PORT-TCP bitmap:port range 0-65535\n"
            + "add KUBE-NODE-PORT-TCP 30080\nadd KUBE-NODE-PORT-TCP 31443\n")
        .contains("add KUBE-LOOP-BACK 10.244.1.5,tcp:8080,10.244.1.5\n")
        .endsWith("add KUBE-IPVS-IPS 172.16.0.5\n");
    assertThat(run.out().lines().filter(l -> l.startsWith("create "))).hasSize(17);
  }

  @Test
  void iptablesPrintsIpvsModesPayloadAndJumpRules() throws IOException {
    CliRun run = CliRun.of("ipvs", "render", "--iptables", "--node-ip=192.168.0.2",
        "--cluster-cidr=10.244.0.0/16", file(CLUSTER).toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("*nat\n:KUBE-SERVICES - [0:0]\n")
        .contains("-m set --match-set KUBE-CLUSTER-IP dst,dst ! -s 10.244.0.0/16"
            + " -j KUBE-MARK-MASQ\n")
        .contains("-A KUBE-SERVICES -m comment --comment \"Kubernetes service lb portal\""
            + " -m set --match-set KUBE-LOAD-BALANCER dst,dst -j KUBE-LOAD-BALANCER\n")
        .contains("*filter\n:KUBE-FORWARD - [0:0]\n")
        .endsWith("-I OUTPUT -m comment --comment \"kubernetes ipvs access filter\""
            + " -j KUBE-IPVS-OUT-FILTER\nCOMMIT\n");

    CliRun six = CliRun.of("ipvs", "render", "--iptables", "--ipv6", file(CLUSTER).toString());
    assertThat(six.out()).contains("--match-set KUBE-6-CLUSTER-IP src,dst -j KUBE-MARK-MASQ\n");

    CliRun both = CliRun.of("ipvs", "render", "--iptables", "--ipsets",
        file(CLUSTER).toString());
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("--ipsets and --iptables");
  }
}
