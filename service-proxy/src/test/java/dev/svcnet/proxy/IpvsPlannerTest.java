package dev.svcnet.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.ServiceFlag;
import dev.svcnet.ipvs.ServiceId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The IPVS plan follows pkg/proxy/ipvs/proxier.go syncProxyRules: virtual servers per ClusterIP,
 * external IP, load-balancer IP and node IP x NodePort; real servers from the traffic policy;
 * the kube-ipvs0 bindings and the ipset entries.
 */
class IpvsPlannerTest {

  static final NodeSettings NODE = new NodeSettings("node-a",
      List.of(Ips.parse("192.168.0.2"), Ips.parse("192.168.1.2")),
      List.of(Cidr.parse("10.244.0.0/16")), "cluster.local");

  static IpvsPlan plan(String yaml) {
    return IpvsPlanner.plan(KubernetesObjects.fromYaml(yaml), NODE, IpFamily.IPV4,
        IpvsPlanner.DEFAULT_SCHEDULER);
  }

  static IpvsVirtualServer at(IpvsPlan plan, dev.svcnet.ipvs.Protocol protocol, String ip,
      int port) {
    ServiceId id = ServiceId.of(protocol, Ips.parse(ip), port);
    return plan.virtualServers().stream().filter(s -> s.service().id().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no virtual server " + id));
  }

  static RealServer masq(String ip, int port) {
    return RealServer.of(Ips.parse(ip), port, ForwardingMethod.MASQ);
  }

  static final String NODE_PORT_SERVICE = "apiVersion: v1\nkind: Service\n"
      + "metadata: {namespace: ns, name: web}\n"
      + "spec: {type: LoadBalancer, clusterIP: 10.96.0.10, externalIPs: [198.51.100.1],"
      + " loadBalancerSourceRanges: [192.168.0.0/24, 203.0.113.0/24],"
      + " ports: [{name: http, port: 80, nodePort: 30080},"
      + " {name: assoc, port: 9, protocol: SCTP, nodePort: 30009}]}\n"
      + "status: {loadBalancer: {ingress: [{ip: 203.0.113.9}]}}\n---\n"
      + "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\n"
      + "metadata: {namespace: ns, name: web-1, labels: {kubernetes.io/service-name: web}}\n"
      + "addressType: IPv4\nendpoints: [{addresses: [10.244.2.7]}, {addresses: [10.244.1.5],"
      + " nodeName: node-a}]\n"
      + "ports: [{name: http, port: 8080}, {name: assoc, port: 9, protocol: SCTP}]\n";

  @Test
  void everyAddressOfAServicePortIsAVirtualServerWithTheSameRealServers() {
    IpvsPlan plan = plan(NODE_PORT_SERVICE);
    List<RealServer> endpoints = List.of(masq("10.244.1.5", 8080), masq("10.244.2.7", 8080));
    var tcp = dev.svcnet.ipvs.Protocol.TCP;
    assertThat(at(plan, tcp, "10.96.0.10", 80).realServers()).isEqualTo(endpoints);
    assertThat(at(plan, tcp, "198.51.100.1", 80).realServers()).isEqualTo(endpoints);
    assertThat(at(plan, tcp, "203.0.113.9", 80).realServers()).isEqualTo(endpoints);
    assertThat(at(plan, tcp, "192.168.0.2", 30080).realServers()).isEqualTo(endpoints);
    assertThat(at(plan, tcp, "192.168.1.2", 30080).realServers()).isEqualTo(endpoints);
    assertThat(at(plan, tcp, "10.96.0.10", 80).service().scheduler()).isEqualTo("rr");
    // 2 ports x (cluster IP, external IP, LB IP, 2 node IPs)
    assertThat(plan.virtualServers()).hasSize(10);
  }

  @Test
  void virtualServersAreListedByProtocolAddressAndPort() {
    List<String> order = plan(NODE_PORT_SERVICE).virtualServers().stream()
        .map(s -> s.service().id().toString()).toList();
    assertThat(order).containsExactly("TCP 10.96.0.10:80", "TCP 192.168.0.2:30080",
        "TCP 192.168.1.2:30080", "TCP 198.51.100.1:80", "TCP 203.0.113.9:80",
        "SCTP 10.96.0.10:9", "SCTP 192.168.0.2:30009", "SCTP 192.168.1.2:30009",
        "SCTP 198.51.100.1:9", "SCTP 203.0.113.9:9");
  }

  @Test
  void clusterExternalAndLoadBalancerIpsAreBoundToKubeIpvs0() {
    IpvsPlan plan = plan(NODE_PORT_SERVICE);
    assertThat(plan.dummyInterface()).isEqualTo("kube-ipvs0");
    assertThat(plan.boundAddresses()).containsExactly(Ips.parse("10.96.0.10"),
        Ips.parse("198.51.100.1"), Ips.parse("203.0.113.9"));
  }

  @Test
  void theIpsetsHoldWhatTheIptablesRulesMatch() {
    IpvsPlan plan = plan(NODE_PORT_SERVICE);
    assertThat(plan.ipSet("KUBE-CLUSTER-IP")).isEqualTo(new IpSetEntries("KUBE-CLUSTER-IP",
        "hash:ip,port", List.of("family", "inet", "hashsize", "1024", "maxelem", "65536"),
        List.of("10.96.0.10,sctp:9", "10.96.0.10,tcp:80")));
    assertThat(plan.ipSet("KUBE-EXTERNAL-IP").entries())
        .containsExactly("198.51.100.1,sctp:9", "198.51.100.1,tcp:80");
    assertThat(plan.ipSet("KUBE-LOAD-BALANCER-FW").entries())
        .containsExactly("203.0.113.9,sctp:9", "203.0.113.9,tcp:80");
    assertThat(plan.ipSet("KUBE-LOAD-BALANCER-SOURCE-CIDR").entries()).contains(
        "203.0.113.9,tcp:80,192.168.0.0/24", "203.0.113.9,tcp:80,203.0.113.0/24");
    // 192.168.0.0/24 holds the node IP, so the LB IP may be a source as well.
    assertThat(plan.ipSet("KUBE-LOAD-BALANCER-SOURCE-IP").entries())
        .contains("203.0.113.9,tcp:80,203.0.113.9");
    assertThat(plan.ipSet("KUBE-NODE-PORT-TCP")).isEqualTo(new IpSetEntries(
        "KUBE-NODE-PORT-TCP", "bitmap:port", List.of("range", "0-65535"), List.of("30080")));
    assertThat(plan.ipSet("KUBE-NODE-PORT-SCTP-HASH").entries())
        .containsExactly("192.168.0.2,sctp:30009", "192.168.1.2,sctp:30009");
    assertThat(plan.ipSet("KUBE-LOOP-BACK").entries())
        .containsExactly("10.244.1.5,sctp:9,10.244.1.5", "10.244.1.5,tcp:8080,10.244.1.5");
    assertThat(plan.ipSet("KUBE-NODE-PORT-LOCAL-TCP").entries()).isEmpty();
    assertThat(plan.ipSet("KUBE-IPVS-IPS").entries())
        .containsExactly("10.96.0.10", "198.51.100.1", "203.0.113.9");
  }

  @Test
  void externalTrafficPolicyLocalGivesExternalAddressesOnlyLocalRealServers() {
    IpvsPlan plan = plan(NODE_PORT_SERVICE.replace("type: LoadBalancer,",
        "type: LoadBalancer, externalTrafficPolicy: Local,"));
    var tcp = dev.svcnet.ipvs.Protocol.TCP;
    assertThat(at(plan, tcp, "10.96.0.10", 80).realServers()).hasSize(2);
    assertThat(at(plan, tcp, "192.168.0.2", 30080).realServers())
        .containsExactly(masq("10.244.1.5", 8080));
    assertThat(at(plan, tcp, "203.0.113.9", 80).realServers())
        .containsExactly(masq("10.244.1.5", 8080));
    assertThat(plan.ipSet("KUBE-EXTERNAL-IP-LOCAL").entries()).contains("198.51.100.1,tcp:80");
    assertThat(plan.ipSet("KUBE-EXTERNAL-IP").entries()).isEmpty();
    assertThat(plan.ipSet("KUBE-LOAD-BALANCER-LOCAL").entries()).contains("203.0.113.9,tcp:80");
    assertThat(plan.ipSet("KUBE-NODE-PORT-LOCAL-TCP").entries()).containsExactly("30080");
  }

  @Test
  void clientIpAffinityMakesEveryVirtualServerPersistentForTheTimeout() {
    IpvsPlan plan = plan("apiVersion: v1\nkind: Service\nmetadata: {name: s}\n"
        + "spec: {clusterIP: 10.96.0.1, sessionAffinity: ClientIP, ports: [{port: 80}]}\n");
    var service = plan.virtualServers().get(0).service();
    assertThat(service.flags()).containsExactly(ServiceFlag.PERSISTENT);
    assertThat(service.timeoutSeconds()).isEqualTo(10800);
    assertThat(service.netmaskPrefix()).isEqualTo(32);
  }

  @Test
  void aServiceWithoutEndpointsStillGetsItsVirtualServer() {
    IpvsPlan plan = plan("apiVersion: v1\nkind: Service\nmetadata: {name: s}\n"
        + "spec: {clusterIP: 10.96.0.1, ports: [{port: 80}]}\n");
    assertThat(plan.virtualServers()).singleElement()
        .satisfies(s -> assertThat(s.realServers()).isEmpty());
  }

  @Test
  void ipv6SetsAreNamedKube6() {
    NodeSettings node = new NodeSettings("node-a", List.of(Ips.parse("fd00::2")), List.of(),
        "cluster.local");
    IpvsPlan plan = IpvsPlanner.plan(KubernetesObjects.fromYaml("apiVersion: v1\nkind: Service\n"
        + "metadata: {name: s}\nspec: {clusterIP: \"fd00:96::1\", ports: [{port: 80}]}\n"),
        node, IpFamily.IPV6, "rr");
    assertThat(plan.ipSets()).filteredOn(s -> !s.entries().isEmpty())
        .extracting(IpSetEntries::name).containsExactly("KUBE-6-CLUSTER-IP", "KUBE-6-IPVS-IPS");
    assertThat(plan.ipSets()).allSatisfy(s -> assertThat(s.name()).startsWith("KUBE-6-"));
    assertThat(plan.ipSet("KUBE-CLUSTER-IP").entries()).containsExactly("fd00:96::1,tcp:80");
    assertThat(plan.ipSet("KUBE-CLUSTER-IP").hashFamily()).isEqualTo("inet6");
    assertThat(IpvsPlanner.setName("KUBE-NODE-PORT-LOCAL-SCTP-HASH", IpFamily.IPV6))
        .isEqualTo("KUBE-6-NODE-PORT-LOCAL-SCTP-HAS").hasSize(31);
  }
}
