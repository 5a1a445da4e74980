package dev.svcnet.proxy.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.harness.netns.InNetworkNamespace;
import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.Ips;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesProfile;
import dev.svcnet.proxy.IptablesRenderer;
import dev.svcnet.proxy.KubernetesObjects;
import dev.svcnet.proxy.NodeSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rendered payloads, and the jump rules after them, load into a fresh namespace with the
 * real iptables-restore of both backends, and iptables-save shows the service chains.
 */
@InNetworkNamespace
class PayloadLoadsTest {

  static final NodeSettings NODE = new NodeSettings("node-a",
      List.of(Ips.parse("192.168.0.2"), Ips.parse("fd00:192::2")),
      List.of(Cidr.parse("10.244.0.0/16"), Cidr.parse("fd00:244::/48")), "cluster.local");

  static ClusterState allFeatures() throws IOException {
    try (InputStream in = PayloadLoadsTest.class.getResourceAsStream(
        "/features/all-features.yaml")) {
      return KubernetesObjects.fromYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** Every iptables binary with the family it loads. */
  static Stream<Arguments> backends() {
    return Stream.of(
        Arguments.of("iptables-legacy", IpFamily.IPV4),
        Arguments.of("iptables-nft", IpFamily.IPV4),
        Arguments.of("ip6tables-legacy", IpFamily.IPV6),
        Arguments.of("ip6tables-nft", IpFamily.IPV6));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("backends")
  void thePayloadAndTheJumpRulesLoad(String backend, IpFamily family) throws Exception {
    IptablesOptions options = IptablesOptions.defaults(IptablesProfile.CURRENT);
    String payload = IptablesRenderer.render(allFeatures(), NODE, family, options);

    restore(backend, payload);
    restore(backend, IptablesRenderer.jumpRules(family, options), "--noflush");

    String nat = ExternalCommand.of(backend + "-save", "-t", "nat").runChecked();
    String filter = ExternalCommand.of(backend + "-save", "-t", "filter").runChecked();
    assertThat(nat).contains(":KUBE-SERVICES").contains(":KUBE-SVC-").contains(":KUBE-SEP-")
        .contains(":KUBE-EXT-").contains(":KUBE-FW-").contains("-j KUBE-POSTROUTING")
        .contains("--rcheck --seconds 10800 --reap");
    assertThat(filter).contains("-j KUBE-PROXY-FIREWALL");
    if (family == IpFamily.IPV4) {
      // Only IPv4 has the Local-policy, multi-endpoint and endpoint-less services.
      assertThat(nat).contains(":KUBE-SVL-").contains("--probability 0.50000000000");
      assertThat(filter).contains("-j REJECT");
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("backends")
  void theKubeProxy122PayloadLoadsAfterItsPrerequisites(String backend, IpFamily family)
      throws Exception {
    IptablesOptions options = IptablesOptions.defaults(IptablesProfile.V1_22);
    String payload = IptablesRenderer.render(allFeatures(), NODE, family, options);

    restore(backend, IptablesRenderer.prerequisites(family, options), "--noflush");
    restore(backend, payload, "--noflush");
    restore(backend, IptablesRenderer.jumpRules(family, options), "--noflush");

    String nat = ExternalCommand.of(backend + "-save", "-t", "nat").runChecked();
    assertThat(nat).contains(":KUBE-SVC-").contains(":KUBE-SEP-").contains(":KUBE-FW-")
        .contains("-j KUBE-MARK-DROP").contains("-j KUBE-POSTROUTING")
        .doesNotContain(":KUBE-EXT-").contains("--rcheck --seconds 10800 --reap");
    if (family == IpFamily.IPV4) {
      // Only IPv4 has the Local-policy service.
      assertThat(nat).contains(":KUBE-XLB-").contains("Balancing rule 0 for");
    }
  }

  private static void restore(String backend, String text, String... extra) throws IOException {
    List<String> argv = new java.util.ArrayList<>(List.of(backend + "-restore", "-w"));
    argv.addAll(List.of(extra));
    CommandResult result = ExternalCommand.of(argv.toArray(String[]::new)).withStdin(text).run();
    assertThat(result.exitCode()).as(result.describe() + "\n" + text).isZero();
  }
}
