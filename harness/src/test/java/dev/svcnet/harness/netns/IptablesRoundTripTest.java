package dev.svcnet.harness.netns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real iptables-restore and iptables-save in a fresh namespace: the kernel stores the
 * statistic probability as a u32, so what comes back is the rounded value (kernel-harness.md).
 */
@InNetworkNamespace
class IptablesRoundTripTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"iptables-legacy", "iptables-nft"})
  void probabilityReadsBackAsTheKernelsU32Rounding(String backend) throws Exception {
    String payload = String.join("\n",
        "*nat",
        ":KUBE-SVC-TEST - [0:0]",
        "-A KUBE-SVC-TEST -m statistic --mode random --probability 0.3333333333 -j RETURN",
        "COMMIT",
        "");
    CommandResult restore = ExternalCommand.of(backend + "-restore", "-w").withStdin(payload).run();
    assertThat(restore.exitCode()).as(restore.describe()).isZero();

    String saved = ExternalCommand.of(backend + "-save", "-t", "nat").runChecked();

    assertThat(saved).contains(":KUBE-SVC-TEST - [0:0]")
        .contains("-A KUBE-SVC-TEST -m statistic --mode random --probability 0.33333333349 -j RETURN");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"iptables-legacy", "iptables-nft"})
  void aFreshNamespaceStartsWithEmptyTables(String backend) throws Exception {
    String saved = ExternalCommand.of(backend + "-save").runChecked();
    assertThat(saved).doesNotContain("-A ");
  }
}
