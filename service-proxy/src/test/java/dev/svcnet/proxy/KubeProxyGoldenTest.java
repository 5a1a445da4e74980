package dev.svcnet.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The payload for the objects of kube-proxy's own TestOverallIPTablesRules equals the expected
 * payload of that test (see golden/kube-proxy/README.md), compared as kube-proxy's tests compare.
 */
class KubeProxyGoldenTest {

  /** The FakeProxier of kube-proxy's tests: node 192.168.0.2, cluster CIDR 10.0.0.0/8. */
  static NodeSettings fakeProxierNode() {
    return new NodeSettings("test-node", List.of(Ips.parse("192.168.0.2")),
        List.of(Cidr.parse("10.0.0.0/8")), "cluster.local");
  }

  static String resource(String name) throws IOException {
    try (InputStream in = KubeProxyGoldenTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The FakeProxier prints the mark as the literal "0x4000" instead of Go's %#08x. */
  static String withFakeProxierMark(String payload) {
    return payload.replace("0x00004000", "0x4000");
  }

  @Test
  void matchesTestOverallIPTablesRulesOfKubeProxy133() throws IOException {
    ClusterState state = KubernetesObjects.fromYaml(
        resource("/golden/kube-proxy/overall-services.yaml"));
    IptablesOptions options = IptablesOptions.defaults(IptablesProfile.CURRENT)
        .withNfacctCounters(true).withRandomFully(false);

    String payload = IptablesRenderer.render(state, fakeProxierNode(), IpFamily.IPV4, options);

    assertThat(RestoreText.canonical(withFakeProxierMark(payload)))
        .isEqualTo(RestoreText.canonical(resource("/golden/kube-proxy/overall-1.33.txt")));
  }

  @Test
  void matchesTestOverallIPTablesRulesWithMultipleServicesOfKubeProxy128() throws IOException {
    ClusterState state = KubernetesObjects.fromYaml(
        resource("/golden/kube-proxy/overall-services-1.28.yaml"));
    IptablesOptions options = IptablesOptions.defaults(IptablesProfile.CURRENT)
        .withRandomFully(false);

    String payload = IptablesRenderer.render(state, fakeProxierNode(), IpFamily.IPV4, options);

    assertThat(RestoreText.canonical(withFakeProxierMark(payload)))
        .isEqualTo(RestoreText.canonical(resource("/golden/kube-proxy/overall-1.28.txt")));
  }

  @Test
  void aRealNodePrintsTheMarkWithGoPercentHash08x() {
    ClusterState state = ClusterState.of(List.of(), List.of());
    String payload = IptablesRenderer.render(state, fakeProxierNode(), IpFamily.IPV4,
        IptablesOptions.defaults(IptablesProfile.CURRENT));
    assertThat(payload).contains("-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000\n")
        .contains("-A KUBE-POSTROUTING -m comment --comment"
            + " \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully\n");
  }
}
