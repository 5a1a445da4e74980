package dev.svcnet.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ipsets and iptables rules of the IPVS plan against kube-proxy's own expectations in
 * pkg/proxy/ipvs/proxier_test.go (TestOnlyLocalNodePorts, TestHealthCheckNodePort,
 * TestLoadBalancerSourceRanges, TestAcceptIPVSTraffic, TestOnlyLocalLoadBalancing): the same
 * objects, the set entries those tests expect, and per chain the (jump target, matched set) pairs
 * they expect, in their order. kube-proxy's checkIptables looks the expected rules up in the
 * chain (its fake merges the nat and filter chains of one name), so other rules may stand
 * between them; here they must appear in the expected order. The fixed rules and the exact
 * layout follow writeIptablesRules in pkg/proxy/ipvs/proxier.go.
 */
class IpvsCompanionRulesTest {

  /** buildFakeProxier's node: 100.101.102.103, no cluster CIDR. */
  static final NodeSettings NODE = new NodeSettings("test-hostname",
      List.of(Ips.parse("100.101.102.103")), List.of(), "cluster.local");

  static IpvsPlan plan(String yaml) {
    return IpvsPlanner.plan(KubernetesObjects.fromYaml(yaml), NODE, IpFamily.IPV4, "rr");
  }

  /** (target, matched set or "") per chain, nat chains before filter chains of the same name. */
  static Map<String, List<String>> setRules(IpvsPlan plan) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String line : plan.iptablesPayload().split("\n")) {
      if (!line.startsWith("-A ")) {
        continue;
      }
      String[] words = line.split(" ");
      String chain = words[1];
      String target = words[words.length - 1];
      for (int i = 0; i < words.length - 1; i++) {
        if (words[i].equals("-j")) {
          target = words[i + 1];
        }
      }
      String set = "";
      for (int i = 0; i < words.length - 1; i++) {
        if (words[i].equals("--match-set")) {
          set = words[i + 1];
        }
      }
      out.computeIfAbsent(chain, c -> new ArrayList<>()).add(target + "/" + set);
    }
    return out;
  }

  static void assertInOrder(List<String> actual, String... expected) {
    int at = 0;
    for (String rule : actual) {
      if (at < expected.length && rule.equals(expected[at])) {
        at++;
      }
    }
    assertThat(at).as("rules %s hold %s in order", actual, List.of(expected))
        .isEqualTo(expected.length);
  }

  @Test
  void onlyLocalNodePorts() {
    IpvsPlan plan = plan("apiVersion: v1\nkind: Service\nmetadata: {namespace: ns1, name: svc1}\n"
        + "spec: {type: NodePort, clusterIP: 10.20.30.41, externalTrafficPolicy: Local,"
        + " ports: [{name: p80, port: 80, nodePort: 3001}]}\n---\n"
        + "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\n"
        + "metadata: {namespace: ns1, name: svc1-1, labels: {kubernetes.io/service-name: svc1}}\n"
        + "addressType: IPv4\nendpoints: [{addresses: [10.180.0.1], nodeName: test-hostname},"
        + " {addresses: [10.180.1.1], nodeName: other-hostname}]\n"
        + "ports: [{name: p80, port: 80}]\n");
    assertThat(plan.ipSet("KUBE-NODE-PORT-TCP").entries()).containsExactly("3001");
    assertThat(plan.ipSet("KUBE-NODE-PORT-LOCAL-TCP").entries()).containsExactly("3001");
    Map<String, List<String>> rules = setRules(plan);
    assertInOrder(rules.get("KUBE-SERVICES"), "KUBE-MARK-MASQ/KUBE-CLUSTER-IP",
        "KUBE-NODE-PORT/", "ACCEPT/KUBE-CLUSTER-IP");
    assertInOrder(rules.get("KUBE-NODE-PORT"), "RETURN/KUBE-NODE-PORT-LOCAL-TCP",
        "KUBE-MARK-MASQ/KUBE-NODE-PORT-TCP", "ACCEPT/KUBE-HEALTH-CHECK-NODE-PORT");
  }

  @Test
  void healthCheckNodePortsOfLocalLoadBalancers() {
    StringBuilder yaml = new StringBuilder();
    for (int i = 1; i <= 2; i++) {
      yaml.append("apiVersion: v1\nkind: Service\nmetadata: {namespace: ns1, name: valid-svc")
          .append(i).append("}\nspec: {type: LoadBalancer, clusterIP: 10.20.30.4").append(i)
          .append(", externalTrafficPolicy: Local, healthCheckNodePort: 3000").append(i - 1)
          .append(", ports: [{name: p80, port: 80, nodePort: 300").append(i - 1)
          .append("}]}\n---\n");
    }
    IpvsPlan plan = plan(yaml.toString());
    assertThat(plan.ipSet("KUBE-HEALTH-CHECK-NODE-PORT").entries())
        .containsExactly("30000", "30001");
    assertInOrder(setRules(plan).get("KUBE-NODE-PORT"), "RETURN/KUBE-NODE-PORT-LOCAL-TCP",
        "KUBE-MARK-MASQ/KUBE-NODE-PORT-TCP", "ACCEPT/KUBE-HEALTH-CHECK-NODE-PORT");
  }

  @Test
  void loadBalancerSourceRanges() {
    IpvsPlan plan = plan("apiVersion: v1\nkind: Service\nmetadata: {namespace: ns1, name: svc1}\n"
        + "spec: {type: LoadBalancer, clusterIP: 10.20.30.41, allocateLoadBalancerNodePorts:"
        + " false, loadBalancerSourceRanges: [10.0.0.0/8], ports: [{name: p80, port: 80}]}\n"
        + "status: {loadBalancer: {ingress: [{ip: 1.2.3.4}]}}\n---\n"
        + "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\n"
        + "metadata: {namespace: ns1, name: svc1-1, labels: {kubernetes.io/service-name: svc1}}\n"
        + "addressType: IPv4\nendpoints: [{addresses: [10.180.0.1]}]\n"
        + "ports: [{name: p80, port: 80}]\n");
    assertThat(plan.ipSet("KUBE-LOAD-BALANCER").entries()).containsExactly("1.2.3.4,tcp:80");
    assertThat(plan.ipSet("KUBE-LOAD-BALANCER-FW").entries()).containsExactly("1.2.3.4,tcp:80");
    assertThat(plan.ipSet("KUBE-LOAD-BALANCER-SOURCE-CIDR").entries())
        .containsExactly("1.2.3.4,tcp:80,10.0.0.0/8");
    Map<String, List<String>> rules = setRules(plan);
    assertInOrder(rules.get("KUBE-SERVICES"), "KUBE-LOAD-BALANCER/KUBE-LOAD-BALANCER",
        "KUBE-MARK-MASQ/KUBE-CLUSTER-IP", "KUBE-NODE-PORT/", "ACCEPT/KUBE-CLUSTER-IP",
        "ACCEPT/KUBE-LOAD-BALANCER");
    assertInOrder(rules.get("KUBE-PROXY-FIREWALL"),
        "KUBE-SOURCE-RANGES-FIREWALL/KUBE-LOAD-BALANCER-FW");
    assertInOrder(rules.get("KUBE-SOURCE-RANGES-FIREWALL"),
        "RETURN/KUBE-LOAD-BALANCER-SOURCE-CIDR", "DROP/");
    // 10.0.0.0/8 does not hold the node IP: the node itself may not reach the LB address.
    assertThat(plan.ipSet("KUBE-LOAD-BALANCER-SOURCE-IP").entries()).isEmpty();
    assertThat(plan.iptablesPayload()).contains("-A KUBE-IPVS-OUT-FILTER -s 1.2.3.4 -m ipvs"
        + " --vaddr 1.2.3.4 --vproto tcp --vport 80 -j DROP\n");
  }

  @Test
  void acceptIpvsTraffic() {
    IpvsPlan plan = plan("apiVersion: v1\nkind: Service\nmetadata: {namespace: ns1, name: svc1}\n"
        + "spec: {clusterIP: 10.20.30.40, externalIPs: [5.6.7.8], ports: [{name: p80, port: 80}]}"
        + "\n---\napiVersion: v1\nkind: Service\nmetadata: {namespace: ns1, name: svc2}\n"
        + "spec: {type: LoadBalancer, clusterIP: 10.20.30.41,"
        + " ports: [{name: p80, port: 80, nodePort: 80}]}\n"
        + "status: {loadBalancer: {ingress: [{ip: 1.2.3.4}]}}\n---\n"
        + "apiVersion: v1\nkind: Service\nmetadata: {namespace: ns1, name: svc3}\n"
        + "spec: {type: NodePort, clusterIP: 10.20.30.42,"
        + " ports: [{name: p80, port: 80, nodePort: 80}]}\n");
    assertThat(setRules(plan).get("KUBE-SERVICES")).containsExactly("RETURN/",
        "KUBE-LOAD-BALANCER/KUBE-LOAD-BALANCER", "KUBE-MARK-MASQ/KUBE-CLUSTER-IP",
        "KUBE-MARK-MASQ/KUBE-EXTERNAL-IP", "ACCEPT/KUBE-EXTERNAL-IP", "ACCEPT/KUBE-EXTERNAL-IP",
        "KUBE-NODE-PORT/", "ACCEPT/KUBE-CLUSTER-IP", "ACCEPT/KUBE-LOAD-BALANCER");
  }

  @Test
  void onlyLocalLoadBalancing() {
    IpvsPlan plan = plan("apiVersion: v1\nkind: Service\nmetadata: {namespace: ns1, name: svc1}\n"
        + "spec: {type: LoadBalancer, clusterIP: 10.20.30.41, externalTrafficPolicy: Local,"
        + " healthCheckNodePort: 30100, ports: [{name: p80, port: 80, nodePort: 3001}]}\n"
        + "status: {loadBalancer: {ingress: [{ip: 1.2.3.4}]}}\n---\n"
        + "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\n"
        + "metadata: {namespace: ns1, name: svc1-1, labels: {kubernetes.io/service-name: svc1}}\n"
        + "addressType: IPv4\nendpoints: [{addresses: [10.180.0.1], nodeName: test-hostname},"
        + " {addresses: [10.180.1.1], nodeName: other-hostname}]\n"
        + "ports: [{name: p80, port: 80}]\n");
    assertThat(plan.ipSet("KUBE-LOAD-BALANCER").entries()).containsExactly("1.2.3.4,tcp:80");
    assertThat(plan.ipSet("KUBE-LOAD-BALANCER-LOCAL").entries()).containsExactly("1.2.3.4,tcp:80");
    IpvsVirtualServer lb = plan.virtualServers().stream()
        .filter(s -> s.service().id().toString().equals("TCP 1.2.3.4:80")).findFirst()
        .orElseThrow();
    assertThat(lb.realServers()).extracting(r -> r.address().getHostAddress())
        .containsExactly("10.180.0.1");
    Map<String, List<String>> rules = setRules(plan);
    assertInOrder(rules.get("KUBE-SERVICES"), "KUBE-LOAD-BALANCER/KUBE-LOAD-BALANCER",
        "KUBE-MARK-MASQ/KUBE-CLUSTER-IP", "KUBE-NODE-PORT/", "ACCEPT/KUBE-CLUSTER-IP",
        "ACCEPT/KUBE-LOAD-BALANCER");
    assertInOrder(rules.get("KUBE-LOAD-BALANCER"), "RETURN/KUBE-LOAD-BALANCER-LOCAL",
        "KUBE-MARK-MASQ/");
  }

  @Test
  void theFixedRulesAndChainsAreWrittenEvenWithoutServices() {
    IpvsPlan plan = IpvsPlanner.plan(new ClusterState(List.of(), List.of(), List.of()), NODE,
        IpFamily.IPV4, "rr");
    assertThat(plan.iptablesPayload()).isEqualTo("""
        *nat
        :KUBE-SERVICES - [0:0]
        :KUBE-POSTROUTING - [0:0]
        :KUBE-NODE-PORT - [0:0]
        :KUBE-LOAD-BALANCER - [0:0]
        :KUBE-MARK-MASQ - [0:0]
        -A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN
        -A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT
        -A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ
        -A KUBE-POSTROUTING -m mark ! --mark 0x00004000/0x00004000 -j RETURN
        -A KUBE-POSTROUTING -j MARK --xor-mark 0x00004000
        -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT"\
         -j MASQUERADE --random-fully
        -A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000
        COMMIT
        *filter
        :KUBE-FORWARD - [0:0]
        :KUBE-NODE-PORT - [0:0]
        :KUBE-PROXY-FIREWALL - [0:0]
        :KUBE-SOURCE-RANGES-FIREWALL - [0:0]
        :KUBE-IPVS-FILTER - [0:0]
        :KUBE-IPVS-OUT-FILTER - [0:0]
        -A KUBE-SOURCE-RANGES-FIREWALL -j DROP
        -A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark\
         --mark 0x00004000/0x00004000 -j ACCEPT
        -A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack\
         --ctstate RELATED,ESTABLISHED -j ACCEPT
        -A KUBE-NODE-PORT -m comment --comment "Kubernetes health check node port" -m set\
         --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT
        -A KUBE-IPVS-FILTER -m set --match-set KUBE-LOAD-BALANCER dst,dst -j RETURN
        -A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN
        -A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP dst,dst -j RETURN
        -A KUBE-IPVS-FILTER -m set --match-set KUBE-EXTERNAL-IP-LOCAL dst,dst -j RETURN
        -A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN
        -A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst\
         -j REJECT
        COMMIT
        """);
    assertThat(plan.ipSets()).hasSize(17).allSatisfy(s -> assertThat(s.entries()).isEmpty());
  }

  @Test
  void clusterIpMasqueradeFollowsTheLocalTrafficDetector() {
    String yaml = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\n"
        + "spec: {clusterIP: 10.96.0.1, ports: [{port: 80}]}\n";
    ClusterState state = KubernetesObjects.fromYaml(yaml);
    String cidr = IpvsPlanner.plan(state, new NodeSettings("n", NODE.nodeIPs(),
        List.of(Cidr.parse("10.244.0.0/16")), "cluster.local"), IpFamily.IPV4, "rr")
        .iptablesPayload();
    assertThat(cidr).contains("--match-set KUBE-CLUSTER-IP dst,dst ! -s 10.244.0.0/16"
        + " -j KUBE-MARK-MASQ\n");
    assertThat(plan(yaml).iptablesPayload())
        .contains("--match-set KUBE-CLUSTER-IP src,dst -j KUBE-MARK-MASQ\n");
    assertThat(IpvsPlanner.plan(state, NODE, IpFamily.IPV4, "rr",
        IptablesOptions.defaults(IptablesProfile.CURRENT).withMasqueradeAll(true))
        .iptablesPayload()).contains("--match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ\n");
  }

  @Test
  void ipv6RulesMatchTheKube6SetsAndSkipLoopback() {
    NodeSettings node = new NodeSettings("n", List.of(Ips.parse("fd00::2")), List.of(),
        "cluster.local");
    IpvsPlan plan = IpvsPlanner.plan(KubernetesObjects.fromYaml("apiVersion: v1\nkind: Service\n"
        + "metadata: {name: s}\nspec: {clusterIP: \"fd00:96::1\", ports: [{port: 80}]}\n"),
        node, IpFamily.IPV6, "rr");
    assertThat(plan.iptablesPayload()).contains("-A KUBE-SERVICES -s ::1/128 -j RETURN\n")
        .contains("--match-set KUBE-6-CLUSTER-IP src,dst -j KUBE-MARK-MASQ\n")
        .contains("--match-set KUBE-6-IPVS-IPS dst -j REJECT\n")
        .doesNotContain("--match-set KUBE-CLUSTER-IP");
  }
}
