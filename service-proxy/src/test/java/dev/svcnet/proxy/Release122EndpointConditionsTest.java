package dev.svcnet.proxy;

import static dev.svcnet.proxy.IptablesFeaturesTest.sep;
import static dev.svcnet.proxy.IptablesFeaturesTest.service;
import static dev.svcnet.proxy.IptablesFeaturesTest.slice;
import static dev.svcnet.proxy.IptablesFeaturesTest.svc;
import static dev.svcnet.proxy.Release122FeaturesTest.render;
import static dev.svcnet.proxy.Release122FeaturesTest.xlb;
import static dev.svcnet.proxy.RestoreText.chains;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Unready and terminating endpoints in the kube-proxy 1.22 layout, checked against 1.22's source
 * (openshift/sdn release-4.9, 01f04a60a4b0256def3a05cb81d254ff3f5d76f4, under
 * vendor/k8s.io/kubernetes/pkg/): {@code proxy/endpointslicecache.go} keeps every endpoint with
 * its conditions (lines 129-139, 261-303: ready and serving default to true, terminating to
 * false); {@code proxy/iptables/proxier.go} counts all of them for {@code hasEndpoints} (1036),
 * gives each a KUBE-SEP chain (1373-1390, 1456-1479), checks affinity over all of them (1392-1406)
 * and balances over the ready ones only (1408-1454); KUBE-XLB uses the local ready ones, and
 * falls back to local serving-terminating ones only under the ProxyTerminatingEndpoints gate
 * (1510-1513), alpha and off in 1.22 ({@code features/kube_features.go} line 866). The current
 * layout does not count unready endpoints and falls back to serving-terminating ones.
 */
class Release122EndpointConditionsTest {

  @Test
  void aTerminatingEndpointThatNoLongerServesStillCountsAsAnEndpoint() {
    String payload = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {clusterIP: 10.96.0.1, ports: [{port: 80}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.1.1],"
            + " conditions: {ready: false, serving: false, terminating: true}}]", "[{port: 80}]"));
    String svc = svc("ns", "s", "");
    String sep = sep("ns", "s", "", "10.244.1.1:80");
    Map<String, List<String>> nat = chains(payload, "nat");

    assertThat(chains(payload, "filter").get("KUBE-SERVICES")).as("no REJECT").isEmpty();
    assertThat(nat.get(svc)).as("no jump to it").containsExactly("-A " + svc
        + " -m comment --comment \"ns/s cluster IP\" -m tcp -p tcp -d 10.96.0.1/32 --dport 80"
        + " ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ");
    assertThat(nat.get(sep)).containsExactly(
        "-A " + sep + " -m comment --comment ns/s -s 10.244.1.1/32 -j KUBE-MARK-MASQ",
        "-A " + sep + " -m comment --comment ns/s -m tcp -p tcp -j DNAT --to-destination"
            + " 10.244.1.1:80");
  }

  @Test
  void aLocalServingTerminatingEndpointIsNoFallbackForKubeXlb() {
    String payload = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {type: NodePort, clusterIP: 10.96.0.1, externalTrafficPolicy: Local,"
        + " ports: [{port: 80, nodePort: 30080}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.1.1], nodeName: node-a,"
            + " conditions: {ready: false, serving: true, terminating: true}},"
            + " {addresses: [10.244.2.1], nodeName: node-b}]", "[{port: 80}]"));
    String xlb = xlb("ns", "s", "");
    String svc = svc("ns", "s", "");
    Map<String, List<String>> nat = chains(payload, "nat");

    assertThat(nat.get(xlb)).endsWith("-A " + xlb
        + " -m comment --comment \"ns/s has no local endpoints\" -j KUBE-MARK-DROP");
    assertThat(nat.get(svc)).containsExactly(
        "-A " + svc + " -m comment --comment \"ns/s cluster IP\" -m tcp -p tcp"
            + " -d 10.96.0.1/32 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ",
        "-A " + svc + " -m comment --comment ns/s -j " + sep("ns", "s", "", "10.244.2.1:80"));
    assertThat(nat).containsKey(sep("ns", "s", "", "10.244.1.1:80"));
  }

  @Test
  void clientIpAffinityStillChecksUnreadyAndTerminatingEndpoints() {
    String payload = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {clusterIP: 10.96.0.1, sessionAffinity: ClientIP, ports: [{port: 80}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.1.1],"
            + " conditions: {ready: false, serving: true, terminating: true}},"
            + " {addresses: [10.244.1.2]}]", "[{port: 80}]"));
    String svc = svc("ns", "s", "");
    String terminating = sep("ns", "s", "", "10.244.1.1:80");
    String ready = sep("ns", "s", "", "10.244.1.2:80");

    assertThat(chains(payload, "nat").get(svc)).containsExactly(
        "-A " + svc + " -m comment --comment \"ns/s cluster IP\" -m tcp -p tcp"
            + " -d 10.96.0.1/32 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ",
        "-A " + svc + " -m comment --comment ns/s -m recent --name " + terminating
            + " --rcheck --seconds 10800 --reap -j " + terminating,
        "-A " + svc + " -m comment --comment ns/s -m recent --name " + ready
            + " --rcheck --seconds 10800 --reap -j " + ready,
        "-A " + svc + " -m comment --comment ns/s -j " + ready);
  }

  @Test
  void internalTrafficPolicyLocalCountsAnUnreadyLocalEndpoint() {
    String payload = render(service("metadata: {namespace: ns, name: s}\n"
        + "spec: {clusterIP: 10.96.0.1, internalTrafficPolicy: Local, ports: [{port: 80}]}")
        + slice("ns", "s", "IPv4", "[{addresses: [10.244.1.1], nodeName: node-a,"
            + " conditions: {ready: false}}, {addresses: [10.244.2.1], nodeName: node-b}]",
            "[{port: 80}]"));
    Map<String, List<String>> nat = chains(payload, "nat");

    assertThat(chains(payload, "filter").get("KUBE-SERVICES")).as("no REJECT").isEmpty();
    assertThat(nat.get(svc("ns", "s", ""))).as("only the masquerade rule").hasSize(1);
    assertThat(nat).containsKey(sep("ns", "s", "", "10.244.1.1:80"))
        .doesNotContainKey(sep("ns", "s", "", "10.244.2.1:80"));
  }
}
