package dev.svcnet.proxy;

import static dev.svcnet.proxy.KubeProxyGoldenTest.fakeProxierNode;
import static dev.svcnet.proxy.KubeProxyGoldenTest.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The 1.22 payload for the objects of kube-proxy's TestOverallIPTablesRules equals the payload
 * worked out by hand from kube-proxy 1.22's {@code syncProxyRules} (see
 * golden/kube-proxy-1.22/README.md for the source and how the file was made), line for line and
 * in order: services are walked in this module's sorted order, which is one of the orders Go's
 * map iteration can give.
 */
class Release122GoldenTest {

  static final IptablesOptions OPTIONS = IptablesOptions.defaults(IptablesProfile.V1_22);

  @Test
  void matchesTheOverallServicesAsKubeProxy122WritesThem() throws IOException {
    ClusterState state = KubernetesObjects.fromYaml(
        resource("/golden/kube-proxy/overall-services.yaml"));

    String payload = IptablesRenderer.render(state, fakeProxierNode(), IpFamily.IPV4, OPTIONS);

    assertThat(payload).isEqualTo(
        resource("/golden/kube-proxy-1.22/overall-services-1.22.txt"));
  }

  @Test
  void nodePortsJumpStraightToTheServiceChainAndNoKubeExtChainExists() throws IOException {
    String payload = IptablesRenderer.render(KubernetesObjects.fromYaml(
        resource("/golden/kube-proxy/overall-services.yaml")), fakeProxierNode(), IpFamily.IPV4,
        OPTIONS);

    assertThat(payload).doesNotContain("KUBE-EXT-").doesNotContain("KUBE-SVL-")
        .doesNotContain("KUBE-PROXY-FIREWALL").doesNotContain("KUBE-FIREWALL")
        .contains("-A KUBE-NODEPORTS -m comment --comment ns3/svc3:p80 -m tcp -p tcp"
            + " --dport 3003 -j KUBE-SVC-X27LE4BHSL4DOUIK\n");
  }

  @Test
  void theSameObjectsGiveADifferentPayloadInTheCurrentLayout() throws IOException {
    ClusterState state = KubernetesObjects.fromYaml(
        resource("/golden/kube-proxy/overall-services.yaml"));
    String current = IptablesRenderer.render(state, fakeProxierNode(), IpFamily.IPV4,
        IptablesOptions.defaults(IptablesProfile.CURRENT));

    assertThat(current).isNotEqualTo(
        resource("/golden/kube-proxy-1.22/overall-services-1.22.txt"));
  }
}
