package dev.svcnet.proxy;

import static dev.svcnet.proxy.IptablesFeaturesTest.NODE;
import static dev.svcnet.proxy.IptablesFeaturesTest.sep;
import static dev.svcnet.proxy.IptablesFeaturesTest.service;
import static dev.svcnet.proxy.IptablesFeaturesTest.slice;
import static dev.svcnet.proxy.IptablesFeaturesTest.svc;
import static dev.svcnet.proxy.RestoreText.chains;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcnet.netfilter.Backend;
import dev.svcnet.proxy.sync.ServiceProxier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One feature at a time, kube-proxy 1.22 layout. Expected lines follow 1.22's {@code
 * syncProxyRules} (openshift/sdn release-4.9, vendor/k8s.io/kubernetes/pkg/proxy/iptables/
 * proxier.go; see golden/kube-proxy-1.22/README.md); chain hashes come from {@link ChainName},
 * which {@link ChainNameTest} checks.
 */
class Release122FeaturesTest {

  static final IptablesOptions OPTIONS = IptablesOptions.defaults(IptablesProfile.V1_22);

  static String render(String yaml, IpFamily family, IptablesOptions options) {
    return IptablesRenderer.render(KubernetesObjects.fromYaml(yaml), NODE, family, options);
  }

  static String render(String yaml) {
    return render(yaml, IpFamily.IPV4, OPTIONS);
  }

  static String xlb(String ns, String name, String port) {
    return ChainName.externalLoadBalancer(new ServicePortName(ns, name, port), Protocol.TCP)
        .value();
  }

  static String fw(String ns, String name, String port) {
    return ChainName.firewall(new ServicePortName(ns, name, port), Protocol.TCP).value();
  }

  @Test
  void externalTrafficPolicyLocalBalancesOverReadyLocalEndpointsInKubeXlb() {
    String payload = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {type: NodePort, clusterIP: 10.96.0.1, externalTrafficPolicy: Local,"
        + " sessionAffinity: ClientIP, sessionAffinityConfig: {clientIP: {timeoutSeconds: 600}},"
        + " ports: [{port: 80, nodePort: 30080}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.1.1], nodeName: node-a},"
            + " {addresses: [10.244.1.2], nodeName: node-a},"
            + " {addresses: [10.244.1.3], nodeName: node-a, conditions: {ready: false}},"
            + " {addresses: [10.244.2.1], nodeName: node-b}]", "[{port: 80}]"));
    String xlb = xlb("ns", "s", "");
    String svc = svc("ns", "s", "");
    String sep1 = sep("ns", "s", "", "10.244.1.1:80");
    String sep2 = sep("ns", "s", "", "10.244.1.2:80");
    Map<String, List<String>> nat = chains(payload, "nat");
    assertThat(nat.get("KUBE-NODEPORTS")).containsExactly(
        "-A KUBE-NODEPORTS -m comment --comment ns/s -m tcp -p tcp --dport 30080"
            + " -s 127.0.0.0/8 -j KUBE-MARK-MASQ",
        "-A KUBE-NODEPORTS -m comment --comment ns/s -m tcp -p tcp --dport 30080 -j " + xlb);
    assertThat(nat.get(xlb)).containsExactly(
        "-A " + xlb + " -m comment --comment \"Redirect pods trying to reach external"
            + " loadbalancer VIP to clusterIP\" -s 10.244.0.0/16 -j " + svc,
        "-A " + xlb + " -m comment --comment \"masquerade LOCAL traffic for ns/s LB IP\""
            + " -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ",
        "-A " + xlb + " -m comment --comment \"route LOCAL traffic for ns/s LB IP to service"
            + " chain\" -m addrtype --src-type LOCAL -j " + svc,
        "-A " + xlb + " -m comment --comment ns/s -m recent --name " + sep1
            + " --rcheck --seconds 600 --reap -j " + sep1,
        "-A " + xlb + " -m comment --comment ns/s -m recent --name " + sep2
            + " --rcheck --seconds 600 --reap -j " + sep2,
        "-A " + xlb + " -m comment --comment \"Balancing rule 0 for ns/s\" -m statistic"
            + " --mode random --probability 0.5000000000 -j " + sep1,
        "-A " + xlb + " -m comment --comment \"Balancing rule 1 for ns/s\" -j " + sep2);
    // The service chain has no NodePort masquerade rule with Local policy, checks affinity over
    // every endpoint (the unready one too) and balances over the ready ones, local or not.
    assertThat(nat.get(svc)).hasSize(1 + 4 + 3);
  }

  @Test
  void anEndpointThatIsNotReadyGetsAChainButNoJumpAndStillCountsAsAnEndpoint() {
    String payload = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {clusterIP: 10.96.0.1, ports: [{port: 80}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.1.1], conditions: {ready: false}}]",
            "[{port: 80}]"));
    String svc = svc("ns", "s", "");
    Map<String, List<String>> nat = chains(payload, "nat");
    assertThat(nat.get(svc)).containsExactly("-A " + svc + " -m comment --comment"
        + " \"ns/s cluster IP\" -m tcp -p tcp -d 10.96.0.1/32 --dport 80 ! -s 10.244.0.0/16"
        + " -j KUBE-MARK-MASQ");
    assertThat(nat.get(sep("ns", "s", "", "10.244.1.1:80"))).hasSize(2);
    assertThat(chains(payload, "filter").get("KUBE-SERVICES")).isEmpty();
  }

  @Test
  void withoutEndpointsEveryAddressIsRejectedAndALocalPolicyLeavesAnEmptyKubeXlb() {
    String payload = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {type: LoadBalancer, clusterIP: 10.96.0.1, externalTrafficPolicy: Local,"
        + " healthCheckNodePort: 32000, externalIPs: [198.51.100.1],"
        + " ports: [{port: 80, nodePort: 30080}]}\n"
        + "status: {loadBalancer: {ingress: [{ip: 203.0.113.7}]}}"));
    String noEndpoints = "-m comment --comment \"ns/s has no endpoints\" -m tcp -p tcp";
    Map<String, List<String>> filter = chains(payload, "filter");
    assertThat(filter.get("KUBE-SERVICES")).containsExactly(
        "-A KUBE-SERVICES " + noEndpoints + " -d 10.96.0.1/32 --dport 80 -j REJECT");
    assertThat(filter.get("KUBE-EXTERNAL-SERVICES")).containsExactly(
        "-A KUBE-EXTERNAL-SERVICES " + noEndpoints + " -d 198.51.100.1/32 --dport 80 -j REJECT",
        "-A KUBE-EXTERNAL-SERVICES " + noEndpoints + " -d 203.0.113.7/32 --dport 80 -j REJECT",
        "-A KUBE-EXTERNAL-SERVICES -m comment --comment \"ns/s has no endpoints\""
            + " -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30080 -j REJECT");
    assertThat(filter.get("KUBE-NODEPORTS")).containsExactly("-A KUBE-NODEPORTS -m comment"
        + " --comment \"ns/s health check node port\" -m tcp -p tcp --dport 32000 -j ACCEPT");
    Map<String, List<String>> nat = chains(payload, "nat");
    assertThat(nat.keySet()).containsExactly("KUBE-SERVICES", "KUBE-NODEPORTS",
        "KUBE-POSTROUTING", "KUBE-MARK-MASQ", xlb("ns", "s", ""));
    assertThat(nat.get(xlb("ns", "s", ""))).isEmpty();
  }

  @Test
  void externalIpsWithClusterPolicyMasqueradeInTheServiceChainAndJumpToIt() {
    String payload = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {clusterIP: 10.96.0.1, externalIPs: [198.51.100.1], ports: [{port: 80}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.1.1]}]", "[{port: 80}]"));
    String svc = svc("ns", "s", "");
    String args = "-m comment --comment \"ns/s external IP\" -m tcp -p tcp -d 198.51.100.1/32"
        + " --dport 80";
    Map<String, List<String>> nat = chains(payload, "nat");
    assertThat(nat.get("KUBE-SERVICES")).contains("-A KUBE-SERVICES " + args + " -j " + svc);
    assertThat(nat.get(svc)).contains(
        "-A " + svc + " " + args + " ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ");
  }

  @Test
  void loadBalancerSourceRangesLetRangesThroughKubeFwAndMarkTheRestForDropping() {
    String payload = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {type: LoadBalancer, clusterIP: 10.96.0.1, ports: [{port: 80, nodePort: 30080}],"
        + " loadBalancerSourceRanges: [198.51.100.0/24, 192.168.0.0/16]}\n"
        + "status: {loadBalancer: {ingress: [{ip: 203.0.113.7}, {ip: 203.0.113.8}]}}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.1.1]}]", "[{port: 80}]"));
    String fw = fw("ns", "s", "");
    String svc = svc("ns", "s", "");
    String head = "-A " + fw + " -m comment --comment \"ns/s loadbalancer IP\"";
    List<String> forFirstIp = List.of(
        head + " -j KUBE-MARK-MASQ",
        head + " -s 198.51.100.0/24 -j " + svc,
        head + " -s 192.168.0.0/16 -j " + svc,
        // 192.168.0.0/16 holds the node IP 192.168.0.2: the LB IP itself may come in too.
        head + " -s 203.0.113.7/32 -j " + svc,
        head + " -j KUBE-MARK-DROP");
    Map<String, List<String>> nat = chains(payload, "nat");
    // 1.22 writes the firewall chain's rules again for every ingress IP.
    assertThat(nat.get(fw)).hasSize(10).startsWith(forFirstIp.toArray(String[]::new))
        .contains(head + " -s 203.0.113.8/32 -j " + svc);
    assertThat(nat.get("KUBE-SERVICES")).contains("-A KUBE-SERVICES -m comment --comment"
        + " \"ns/s loadbalancer IP\" -m tcp -p tcp -d 203.0.113.8/32 --dport 80 -j " + fw);
    assertThat(payload).contains(":" + fw + " - [0:0]\n:" + fw + " - [0:0]\n");
  }

  @Test
  void internalTrafficPolicyLocalKeepsOnlyLocalEndpointsUnlessTheExternalPolicyIsLocal() {
    String cluster = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {clusterIP: 10.96.0.1, internalTrafficPolicy: Local, ports: [{port: 80}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.2.1], nodeName: node-b}]",
            "[{port: 80}]"));
    assertThat(chains(cluster, "filter").get("KUBE-SERVICES")).containsExactly(
        "-A KUBE-SERVICES -m comment --comment \"ns/s has no endpoints\" -m tcp -p tcp"
            + " -d 10.96.0.1/32 --dport 80 -j REJECT");

    String local = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {type: NodePort, clusterIP: 10.96.0.1, internalTrafficPolicy: Local,"
        + " externalTrafficPolicy: Local, ports: [{port: 80, nodePort: 30080}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.2.1], nodeName: node-b}]",
            "[{port: 80}]"));
    assertThat(chains(local, "nat")).containsKey(svc("ns", "s", ""))
        .containsKey(sep("ns", "s", "", "10.244.2.1:80"));
  }

  @Test
  void ipv6AddressesCarry128AndNodePortsMasqueradeTheIpv6Loopback() {
    String payload = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {type: NodePort, clusterIP: fd00:96::1, ipFamilies: [IPv6],"
        + " externalTrafficPolicy: Local, ports: [{port: 80, nodePort: 30080}]}")
        + slice("ns", "s", "IPv6", "[{addresses: ['fd00:244::5'], nodeName: node-a}]",
            "[{port: 80}]"), IpFamily.IPV6, OPTIONS);
    String sep = sep("ns", "s", "", "[fd00:244::5]:80");
    Map<String, List<String>> nat = chains(payload, "nat");
    assertThat(nat.get("KUBE-SERVICES").get(0)).contains(" -d fd00:96::1/128 --dport 80 ");
    assertThat(nat.get("KUBE-NODEPORTS").get(0)).contains(" -s ::1/128 -j KUBE-MARK-MASQ");
    assertThat(nat.get(sep)).containsExactly(
        "-A " + sep + " -m comment --comment ns/s -s fd00:244::5/128 -j KUBE-MARK-MASQ",
        "-A " + sep + " -m comment --comment ns/s -m tcp -p tcp -j DNAT"
            + " --to-destination [fd00:244::5]:80");
    assertThat(nat.get(xlb("ns", "s", ""))).first().asString()
        .contains("-s fd00:244::/48 -j " + svc("ns", "s", ""));
  }

  @Test
  void withoutAClusterCidrNothingIsExemptFromMasqueradeAndPodsAreNotShortCircuited() {
    NodeSettings noCidr = new NodeSettings("node-a", List.of(Ips.parse("192.168.0.2")),
        List.of(), "cluster.local");
    String payload = IptablesRenderer.render(KubernetesObjects.fromYaml(service(
        "metadata: {namespace: ns, name: s}\n"
        + "spec: {type: NodePort, clusterIP: 10.96.0.1, externalIPs: [198.51.100.1],"
        + " externalTrafficPolicy: Local, ports: [{port: 80, nodePort: 30080}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.1.1]}]", "[{port: 80}]")),
        noCidr, IpFamily.IPV4, OPTIONS);
    Map<String, List<String>> nat = chains(payload, "nat");
    assertThat(nat.get(svc("ns", "s", ""))).noneMatch(rule -> rule.contains("cluster IP"));
    assertThat(nat.get(xlb("ns", "s", ""))).noneMatch(rule -> rule.contains("Redirect pods"));

    String cluster = IptablesRenderer.render(KubernetesObjects.fromYaml(service(
        "metadata: {namespace: ns, name: s}\n"
        + "spec: {clusterIP: 10.96.0.1, externalIPs: [198.51.100.1], ports: [{port: 80}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.1.1]}]", "[{port: 80}]")),
        noCidr, IpFamily.IPV4, OPTIONS);
    assertThat(chains(cluster, "nat").get(svc("ns", "s", ""))).first().isEqualTo(
        "-A " + svc("ns", "s", "") + " -m comment --comment \"ns/s external IP\" -m tcp -p tcp"
            + " -d 198.51.100.1/32 --dport 80 -j KUBE-MARK-MASQ");
  }

  @Test
  void masqueradeAllMarksEveryClusterIpConnection() {
    String payload = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {clusterIP: 10.96.0.1, ports: [{port: 80}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.1.1]}]", "[{port: 80}]"),
        IpFamily.IPV4, OPTIONS.withMasqueradeAll(true));
    assertThat(chains(payload, "nat").get(svc("ns", "s", ""))).first().isEqualTo(
        "-A " + svc("ns", "s", "") + " -m comment --comment \"ns/s cluster IP\" -m tcp -p tcp"
            + " -d 10.96.0.1/32 --dport 80 -j KUBE-MARK-MASQ");
  }

  @Test
  void kubeMarkDropMustExistBeforeThePayloadAndTheJumpsHaveNoFirewallChains() {
    assertThat(IptablesRenderer.prerequisites(IpFamily.IPV4, OPTIONS))
        .isEqualTo("*nat\n:KUBE-MARK-DROP - [0:0]\nCOMMIT\n");
    assertThat(IptablesRenderer.prerequisites(IpFamily.IPV4,
        IptablesOptions.defaults(IptablesProfile.CURRENT))).isEmpty();
    String jumps = IptablesRenderer.jumpRules(IpFamily.IPV4, OPTIONS);
    assertThat(jumps).doesNotContain("KUBE-PROXY-FIREWALL").doesNotContain("KUBE-FIREWALL")
        .contains("-I PREROUTING -m comment --comment \"kubernetes service portals\""
            + " -j KUBE-SERVICES\n")
        .contains("-I FORWARD -m comment --comment \"kubernetes forwarding rules\""
            + " -j KUBE-FORWARD\n");
    assertThat(jumps.lines().filter(line -> line.startsWith("-I"))).hasSize(9);
  }

  @Test
  void theSyncEngineRefusesToProgramThe122Layout() {
    assertThatThrownBy(() -> ServiceProxier.iptables(Backend.NFT, NODE, IpFamily.IPV4, OPTIONS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("options.profile")
        .hasMessageContaining("V1_22");
  }
}
