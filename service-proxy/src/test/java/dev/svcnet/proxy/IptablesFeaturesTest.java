package dev.svcnet.proxy;

import static dev.svcnet.proxy.RestoreText.chains;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One feature at a time, current layout. Expected lines follow kube-proxy's rule construction
 * (spec kube-proxy.md §3.2-3.5, proxier.go syncProxyRules); chain hashes are checked separately
 * in {@link ChainNameTest}, so here they are computed with {@link ChainName}.
 */
class IptablesFeaturesTest {

  static final NodeSettings NODE = new NodeSettings("node-a",
      List.of(Ips.parse("192.168.0.2"), Ips.parse("fd00:192::2")),
      List.of(Cidr.parse("10.244.0.0/16"), Cidr.parse("fd00:244::/48")), "cluster.local");
  static final IptablesOptions OPTIONS = IptablesOptions.defaults(IptablesProfile.CURRENT);

  static String render(String yaml) {
    return IptablesRenderer.render(KubernetesObjects.fromYaml(yaml), NODE, IpFamily.IPV4, OPTIONS);
  }

  static String svc(String ns, String name, String port) {
    return ChainName.service(new ServicePortName(ns, name, port), Protocol.TCP).value();
  }

  static String sep(String ns, String name, String port, String endpoint) {
    return ChainName.endpoint(new ServicePortName(ns, name, port), Protocol.TCP, endpoint)
        .value();
  }

  static String service(String body) {
    return "apiVersion: v1\nkind: Service\n" + body + "\n---\n";
  }

  static String slice(String ns, String service, String type, String endpoints, String ports) {
    return "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {namespace: " + ns
        + ", name: " + service + "-x, labels: {kubernetes.io/service-name: " + service + "}}\n"
        + "addressType: " + type + "\nendpoints: " + endpoints + "\nports: " + ports + "\n---\n";
  }

  @Test
  void aClusterIpServiceIsTheWholePayloadKubeProxyWrites() {
    String payload = render(service("metadata: {namespace: default, name: nginx}\n"
        + "spec: {clusterIP: 10.96.0.10, ports: [{port: 80}]}")
        + slice("default", "nginx", "IPv4", "[{addresses: [10.244.1.5]}]",
            "[{port: 8080, protocol: TCP}]"));
    String svc = svc("default", "nginx", "");
    String sep = sep("default", "nginx", "", "10.244.1.5:8080");
    // §3.5 order: filter chain lines, KUBE-FIREWALL, filter rules (KUBE-FORWARD last); nat chain
    // lines, then POSTROUTING/MARK-MASQ, the service, the final nodeports rule.
    assertThat(payload).isEqualTo(String.join("\n",
        "*filter",
        ":KUBE-SERVICES - [0:0]",
        ":KUBE-EXTERNAL-SERVICES - [0:0]",
        ":KUBE-FORWARD - [0:0]",
        ":KUBE-NODEPORTS - [0:0]",
        ":KUBE-PROXY-FIREWALL - [0:0]",
        ":KUBE-FIREWALL - [0:0]",
        "-A KUBE-FIREWALL -m comment --comment \"block incoming localnet connections\""
            + " -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT"
            + " -j DROP",
        "-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP",
        "-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding rules\""
            + " -m mark --mark 0x00004000/0x00004000 -j ACCEPT",
        "-A KUBE-FORWARD -m comment --comment \"kubernetes forwarding conntrack rule\""
            + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
        "COMMIT",
        "*nat",
        ":KUBE-SERVICES - [0:0]",
        ":KUBE-NODEPORTS - [0:0]",
        ":KUBE-POSTROUTING - [0:0]",
        ":KUBE-MARK-MASQ - [0:0]",
        ":" + svc + " - [0:0]",
        ":" + sep + " - [0:0]",
        "-A KUBE-POSTROUTING -m mark ! --mark 0x00004000/0x00004000 -j RETURN",
        "-A KUBE-POSTROUTING -j MARK --xor-mark 0x00004000",
        "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\""
            + " -j MASQUERADE --random-fully",
        "-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000",
        "-A KUBE-SERVICES -m comment --comment \"default/nginx cluster IP\" -m tcp -p tcp"
            + " -d 10.96.0.10 --dport 80 -j " + svc,
        "-A " + svc + " -m comment --comment \"default/nginx cluster IP\" -m tcp -p tcp"
            + " -d 10.96.0.10 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ",
        "-A " + svc + " -m comment --comment \"default/nginx -> 10.244.1.5:8080\" -j " + sep,
        "-A " + sep + " -m comment --comment default/nginx -s 10.244.1.5 -j KUBE-MARK-MASQ",
        "-A " + sep + " -m comment --comment default/nginx -m tcp -p tcp -j DNAT"
            + " --to-destination 10.244.1.5:8080",
        "-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must be"
            + " the last rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS",
        "COMMIT",
        ""));
  }

  @Test
  void endpointsAreOrderedByIpPortTextAndBalancedWithACascadeOfProbabilities() {
    String payload = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {clusterIP: 10.96.0.1, ports: [{name: p, port: 80}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.180.0.2]}, {addresses: [10.180.0.10]},"
            + " {addresses: [10.180.0.1]}]", "[{name: p, port: 80}]"));
    String svc = svc("ns", "s", "p");
    assertThat(chains(payload, "nat").get(svc)).containsExactly(
        "-A " + svc + " -m comment --comment \"ns/s:p cluster IP\" -m tcp -p tcp -d 10.96.0.1"
            + " --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ",
        // Text order: "10.180.0.10:80" < "10.180.0.1:80" because '0' < ':'.
        "-A " + svc + " -m comment --comment \"ns/s:p -> 10.180.0.10:80\" -m statistic --mode"
            + " random --probability 0.3333333333 -j " + sep("ns", "s", "p", "10.180.0.10:80"),
        "-A " + svc + " -m comment --comment \"ns/s:p -> 10.180.0.1:80\" -m statistic --mode"
            + " random --probability 0.5000000000 -j " + sep("ns", "s", "p", "10.180.0.1:80"),
        "-A " + svc + " -m comment --comment \"ns/s:p -> 10.180.0.2:80\" -j "
            + sep("ns", "s", "p", "10.180.0.2:80"));
  }

  @Test
  void aServiceWithoutEndpointsIsRejectedOnEveryAddressAndHasNoNatChains() {
    String payload = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {type: NodePort, clusterIP: 10.96.0.1, externalIPs: [198.51.100.1],"
        + " ports: [{port: 80, nodePort: 30080}]}"));
    Map<String, List<String>> filter = chains(payload, "filter");
    assertThat(filter.get("KUBE-SERVICES")).containsExactly(
        "-A KUBE-SERVICES -m comment --comment \"ns/s has no endpoints\" -m tcp -p tcp"
            + " -d 10.96.0.1 --dport 80 -j REJECT");
    assertThat(filter.get("KUBE-EXTERNAL-SERVICES")).containsExactly(
        "-A KUBE-EXTERNAL-SERVICES -m comment --comment \"ns/s has no endpoints\" -m tcp -p tcp"
            + " -d 198.51.100.1 --dport 80 -j REJECT",
        "-A KUBE-EXTERNAL-SERVICES -m comment --comment \"ns/s has no endpoints\""
            + " -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30080 -j REJECT");
    assertThat(chains(payload, "nat").keySet()).containsExactly("KUBE-SERVICES",
        "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-MARK-MASQ");
  }

  @Test
  void internalTrafficPolicyLocalUsesOnlyLocalEndpointsAndDropsWithoutThem() {
    String withLocal = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {clusterIP: 10.96.0.1, internalTrafficPolicy: Local, ports: [{port: 80}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.1.1], nodeName: node-a},"
            + " {addresses: [10.244.2.1], nodeName: node-b}]", "[{port: 80}]"));
    String svl = ChainName.serviceLocal(new ServicePortName("ns", "s", ""), Protocol.TCP).value();
    Map<String, List<String>> nat = chains(withLocal, "nat");
    assertThat(nat.get("KUBE-SERVICES").get(0)).endsWith("-j " + svl);
    assertThat(nat).doesNotContainKey(svc("ns", "s", ""))
        .containsKey(sep("ns", "s", "", "10.244.1.1:80"))
        .doesNotContainKey(sep("ns", "s", "", "10.244.2.1:80"));
    assertThat(nat.get(svl)).last().isEqualTo("-A " + svl
        + " -m comment --comment \"ns/s -> 10.244.1.1:80\" -j " + sep("ns", "s", "", "10.244.1.1:80"));

    String withoutLocal = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {clusterIP: 10.96.0.1, internalTrafficPolicy: Local, ports: [{port: 80}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.2.1], nodeName: node-b}]",
            "[{port: 80}]"));
    assertThat(chains(withoutLocal, "filter").get("KUBE-SERVICES")).containsExactly(
        "-A KUBE-SERVICES -m comment --comment \"ns/s has no local endpoints\" -m tcp -p tcp"
            + " -d 10.96.0.1 --dport 80 -j DROP");
  }

  @Test
  void externalTrafficPolicyLocalShortCircuitsPodsAndTheNodeAndSendsTheRestToSvl() {
    String payload = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {type: NodePort, clusterIP: 10.96.0.1, externalTrafficPolicy: Local,"
        + " ports: [{port: 80, nodePort: 30080}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.1.1], nodeName: node-a},"
            + " {addresses: [10.244.2.1], nodeName: node-b}]", "[{port: 80}]"));
    ServicePortName name = new ServicePortName("ns", "s", "");
    String ext = ChainName.external(name, Protocol.TCP).value();
    String svl = ChainName.serviceLocal(name, Protocol.TCP).value();
    String svc = svc("ns", "s", "");
    Map<String, List<String>> nat = chains(payload, "nat");
    assertThat(nat.get("KUBE-NODEPORTS")).containsExactly("-A KUBE-NODEPORTS -m comment"
        + " --comment ns/s -m tcp -p tcp --dport 30080 -j " + ext);
    assertThat(nat.get(ext)).containsExactly(
        "-A " + ext + " -m comment --comment \"pod traffic for ns/s external destinations\""
            + " -s 10.244.0.0/16 -j " + svc,
        "-A " + ext + " -m comment --comment \"masquerade LOCAL traffic for ns/s external"
            + " destinations\" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ",
        "-A " + ext + " -m comment --comment \"route LOCAL traffic for ns/s external"
            + " destinations\" -m addrtype --src-type LOCAL -j " + svc,
        "-A " + ext + " -j " + svl);
    // Cluster endpoints (for the short circuit) and local ones both get SEP chains.
    assertThat(nat.get(svc)).hasSize(3);
    assertThat(nat.get(svl)).hasSize(1);
  }

  @Test
  void terminatingEndpointsServeOnlyWhenNoEndpointIsReadyAndOnlyIfServing() {
    String payload = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {clusterIP: 10.96.0.1, ports: [{port: 80}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.1.1], conditions: {ready: false,"
            + " serving: true, terminating: true}}, {addresses: [10.244.1.2], conditions:"
            + " {ready: false, serving: false, terminating: true}}]", "[{port: 80}]"));
    Map<String, List<String>> nat = chains(payload, "nat");
    assertThat(nat).containsKey(sep("ns", "s", "", "10.244.1.1:80"))
        .doesNotContainKey(sep("ns", "s", "", "10.244.1.2:80"));

    String withReady = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {clusterIP: 10.96.0.1, ports: [{port: 80}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.1.1], conditions: {ready: false,"
            + " serving: true, terminating: true}}, {addresses: [10.244.1.3]}]", "[{port: 80}]"));
    assertThat(chains(withReady, "nat")).containsKey(sep("ns", "s", "", "10.244.1.3:80"))
        .doesNotContainKey(sep("ns", "s", "", "10.244.1.1:80"));
  }

  @Test
  void namedTargetPortsTakeTheEndpointPortFromTheSliceAndEachProtocolItsOwnMatch() {
    String payload = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {clusterIP: 10.96.0.1, ports: [{name: web, port: 80, targetPort: http},"
        + " {name: dns, port: 53, protocol: UDP, targetPort: dns},"
        + " {name: assoc, port: 9, protocol: SCTP}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.1.1]}]",
            "[{name: web, port: 8080}, {name: dns, port: 5353, protocol: UDP},"
            + " {name: assoc, port: 9, protocol: SCTP}]"));
    assertThat(payload)
        .contains("-m tcp -p tcp -j DNAT --to-destination 10.244.1.1:8080\n")
        .contains("-m udp -p udp -d 10.96.0.1 --dport 53 -j KUBE-SVC-")
        .contains("-m udp -p udp -j DNAT --to-destination 10.244.1.1:5353\n")
        .contains("-m sctp -p sctp -j DNAT --to-destination 10.244.1.1:9\n");
  }

  @Test
  void sessionAffinityChecksRecentListsFirstAndSetsThemInTheEndpointChain() {
    String payload = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {clusterIP: 10.96.0.1, sessionAffinity: ClientIP,"
        + " sessionAffinityConfig: {clientIP: {timeoutSeconds: 600}}, ports: [{port: 80}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.1.1]}, {addresses: [10.244.1.2]}]",
            "[{port: 80}]"));
    String svc = svc("ns", "s", "");
    String sep1 = sep("ns", "s", "", "10.244.1.1:80");
    String sep2 = sep("ns", "s", "", "10.244.1.2:80");
    Map<String, List<String>> nat = chains(payload, "nat");
    assertThat(nat.get(svc)).containsExactly(
        "-A " + svc + " -m comment --comment \"ns/s cluster IP\" -m tcp -p tcp -d 10.96.0.1"
            + " --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ",
        "-A " + svc + " -m comment --comment \"ns/s -> 10.244.1.1:80\" -m recent --name " + sep1
            + " --rcheck --seconds 600 --reap -j " + sep1,
        "-A " + svc + " -m comment --comment \"ns/s -> 10.244.1.2:80\" -m recent --name " + sep2
            + " --rcheck --seconds 600 --reap -j " + sep2,
        "-A " + svc + " -m comment --comment \"ns/s -> 10.244.1.1:80\" -m statistic --mode"
            + " random --probability 0.5000000000 -j " + sep1,
        "-A " + svc + " -m comment --comment \"ns/s -> 10.244.1.2:80\" -j " + sep2);
    assertThat(nat.get(sep1)).last().isEqualTo("-A " + sep1 + " -m comment --comment ns/s"
        + " -m recent --name " + sep1 + " --set -m tcp -p tcp -j DNAT --to-destination"
        + " 10.244.1.1:80");
  }

  @Test
  void aSourceRangeHoldingTheNodeIpAlsoAdmitsTheLoadBalancerIpAsSource() {
    String payload = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {type: LoadBalancer, clusterIP: 10.96.0.1, loadBalancerSourceRanges:"
        + " [192.168.0.0/24], ports: [{port: 80, nodePort: 30080}]}\n"
        + "status: {loadBalancer: {ingress: [{ip: 203.0.113.1}]}}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.1.1]}]", "[{port: 80}]"));
    ServicePortName name = new ServicePortName("ns", "s", "");
    String fw = ChainName.firewall(name, Protocol.TCP).value();
    String ext = ChainName.external(name, Protocol.TCP).value();
    assertThat(chains(payload, "nat").get(fw)).containsExactly(
        "-A " + fw + " -m comment --comment \"ns/s loadbalancer IP\" -s 192.168.0.0/24 -j " + ext,
        "-A " + fw + " -m comment --comment \"ns/s loadbalancer IP\" -s 203.0.113.1 -j " + ext,
        "-A " + fw + " -m comment --comment \"other traffic to ns/s will be dropped by"
            + " KUBE-PROXY-FIREWALL\"");
    assertThat(chains(payload, "filter").get("KUBE-PROXY-FIREWALL")).containsExactly(
        "-A KUBE-PROXY-FIREWALL -m comment --comment \"ns/s traffic not accepted by " + fw
            + "\" -m tcp -p tcp -d 203.0.113.1 --dport 80 -j DROP");
  }

  @Test
  void unallocatedClusterIpsAndNodePortsGetNoRules() {
    String payload = render(service("metadata: {namespace: ns, name: pending}\n"
        + "spec: {type: NodePort, ports: [{port: 80}]}")
        + service("metadata: {namespace: ns, name: noport}\n"
        + "spec: {type: NodePort, clusterIP: 10.96.0.2, ports: [{port: 80}]}")
        + slice("ns", "noport", "IPv4", "[{addresses: [10.244.1.1]}]", "[{port: 80}]"));
    assertThat(payload).doesNotContain("ns/pending").doesNotContain("--dport 0");
    assertThat(chains(payload, "nat").get("KUBE-NODEPORTS")).isEmpty();
  }

  @Test
  void dualStackServicesGetOnePayloadPerFamily() {
    String yaml = service("metadata: {namespace: ns, name: s}\n"
        + "spec: {clusterIPs: [10.96.0.1, \"fd00:96::1\"], ipFamilies: [IPv4, IPv6],"
        + " ports: [{port: 80}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.1.1]}]", "[{port: 80}]")
        + slice("ns", "s6", "IPv6", "[{addresses: [\"fd00:244::1\"]}]", "[{port: 80}]")
            .replace("service-name: s6", "service-name: s");
    ClusterState state = KubernetesObjects.fromYaml(yaml);
    String v4 = IptablesRenderer.render(state, NODE, IpFamily.IPV4, OPTIONS);
    String v6 = IptablesRenderer.render(state, NODE, IpFamily.IPV6, OPTIONS);
    assertThat(v4).contains("-d 10.96.0.1 --dport 80").doesNotContain("fd00");
    assertThat(v6).contains("-d fd00:96::1 --dport 80")
        .contains("-j DNAT --to-destination [fd00:244::1]:80\n")
        .contains("! -s fd00:244::/48 -j KUBE-MARK-MASQ")
        .contains("-m addrtype --dst-type LOCAL ! -d ::1/128 -j KUBE-NODEPORTS")
        .doesNotContain("KUBE-FIREWALL").doesNotContain("10.96.0.1");
    assertThat(ChainName.endpoint(new ServicePortName("ns", "s", ""), Protocol.TCP,
        "[fd00:244::1]:80").value()).isIn(chains(v6, "nat").keySet());
  }

  @Test
  void withoutLocalhostNodePortsLoopbackIsExcludedAndKubeFirewallIsNotWritten() {
    String yaml = service("metadata: {namespace: ns, name: s}\n"
        + "spec: {clusterIP: 10.96.0.1, ports: [{port: 80}]}");
    String payload = IptablesRenderer.render(KubernetesObjects.fromYaml(yaml), NODE,
        IpFamily.IPV4, OPTIONS.withLocalhostNodePorts(false));
    assertThat(payload).doesNotContain("KUBE-FIREWALL")
        .contains("-m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS\n");
  }

  @Test
  void masqueradeAllMarksEveryClusterIpConnection() {
    String yaml = service("metadata: {namespace: ns, name: s}\n"
        + "spec: {clusterIP: 10.96.0.1, ports: [{port: 80}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.1.1]}]", "[{port: 80}]");
    String payload = IptablesRenderer.render(KubernetesObjects.fromYaml(yaml), NODE,
        IpFamily.IPV4, OPTIONS.withMasqueradeAll(true));
    String svc = svc("ns", "s", "");
    assertThat(chains(payload, "nat").get(svc)).first().isEqualTo("-A " + svc
        + " -m comment --comment \"ns/s cluster IP\" -m tcp -p tcp -d 10.96.0.1 --dport 80"
        + " -j KUBE-MARK-MASQ");
  }

  @Test
  void withoutAClusterCidrThereIsNoLocalTrafficDetectorRule() {
    NodeSettings noCidr = new NodeSettings("node-a", List.of(Ips.parse("192.168.0.2")),
        List.of(), "cluster.local");
    String yaml = service("metadata: {namespace: ns, name: s}\n"
        + "spec: {clusterIP: 10.96.0.1, ports: [{port: 80}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.1.1]}]", "[{port: 80}]");
    String payload = IptablesRenderer.render(KubernetesObjects.fromYaml(yaml), noCidr,
        IpFamily.IPV4, OPTIONS);
    assertThat(chains(payload, "nat").get(svc("ns", "s", ""))).hasSize(1);
  }
}
