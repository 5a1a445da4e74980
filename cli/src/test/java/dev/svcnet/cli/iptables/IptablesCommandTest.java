package dev.svcnet.cli.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.harness.netns.NamespaceAssumptions;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.NamespaceException;
import dev.svcnet.netlink.netns.NetworkNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IptablesCommandTest {
  private static final String KUBE_PROXY_INPUT = String.join("\n",
      "*nat",
      ":KUBE-SERVICES - [0:0]",
      ":KUBE-SVC-X - [0:0]",
      "-A KUBE-SERVICES -m comment --comment \"ns1/svc1:p80 cluster IP\" -m tcp -p tcp -d 10.96.0.10 --dport 80 -j KUBE-SVC-X",
      "-A KUBE-SVC-X -m statistic --mode random --probability 0.3333333333 -j RETURN",
      "-A KUBE-SVC-X -j MARK --or-mark 0x4000",
      "COMMIT",
      "");

  @TempDir
  Path dir;

  @Test
  void normalizePrintsWhatIptablesSaveWouldPrintBack() {
    IptablesCliRun run = IptablesCliRun.withStdin(KUBE_PROXY_INPUT, "iptables", "normalize");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(String.join("\n",
        "*nat",
        ":PREROUTING ACCEPT [0:0]",
        ":INPUT ACCEPT [0:0]",
        ":OUTPUT ACCEPT [0:0]",
        ":POSTROUTING ACCEPT [0:0]",
        ":KUBE-SERVICES - [0:0]",
        ":KUBE-SVC-X - [0:0]",
        "-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment \"ns1/svc1:p80 cluster IP\" -m tcp --dport 80 -j KUBE-SVC-X",
        "-A KUBE-SVC-X -m statistic --mode random --probability 0.33333333349 -j RETURN",
        "-A KUBE-SVC-X -j MARK --set-xmark 0x4000/0x4000",
        "COMMIT",
        ""));
  }

  @Test
  void normalizeExitsTwoNamingTheLineAndColumnOfBadInput() {
    IptablesCliRun run = IptablesCliRun.withStdin("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 10.0.0.300 -j ACCEPT\nCOMMIT\n",
        "iptables", "normalize");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("line 3, column 13").contains("10.0.0.300");
  }

  @Test
  void applyExitsTwoNamingAMissingFile() {
    IptablesCliRun run = IptablesCliRun.of("iptables", "apply", dir.resolve("nope.rules").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("FILE").contains("nope.rules");
  }

  @Test
  void applyExitsTwoNamingTheLineOfABadFileBeforeTouchingTheKernel() throws Exception {
    Path file = Files.writeString(dir.resolve("bad.rules"), "*nat\n:X - [0:0]\n-A X -j DNAT\nCOMMIT\n");

    IptablesCliRun run = IptablesCliRun.of("iptables", "apply", "--backend", "legacy", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("bad.rules line 3").contains("to-destination");
  }

  @Test
  void applyExitsTwoForAnUnknownBackend() throws Exception {
    Path file = Files.writeString(dir.resolve("ok.rules"), KUBE_PROXY_INPUT);
    IptablesCliRun run = IptablesCliRun.of("iptables", "apply", "--backend", "ipfw", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--backend");
  }

  @Test
  void applyWithNoflushRewritesTheFilesChainsAndLeavesOthersInANamespace() throws Exception {
    Path file = Files.writeString(dir.resolve("svc.rules"), KUBE_PROXY_INPUT);
    try (NetworkNamespace ns = namespace()) {
      String saved = ns.call(() -> {
        ExternalCommand.of("iptables-nft-restore", "-w").withStdin(
            "*nat\n:OTHER - [0:0]\n:KUBE-SVC-X - [0:0]\n-A OTHER -j RETURN\n-A KUBE-SVC-X -j ACCEPT\nCOMMIT\n").runChecked();
        IptablesCliRun run = IptablesCliRun.of("iptables", "apply", "--noflush", "--backend", "nft", file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        return ExternalCommand.of("iptables-nft-save", "-t", "nat").runChecked();
      });
      assertThat(saved)
          .contains("-A OTHER -j RETURN")
          .contains("-A KUBE-SVC-X -m statistic --mode random --probability 0.33333333349 -j RETURN")
          .doesNotContain("-A KUBE-SVC-X -j ACCEPT");
    }
  }

  @Test
  void applyExitsOneNamingTheRuleTheKernelRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("loop.rules"),
        "*filter\n:A - [0:0]\n-A A -j ACCEPT\n-A A -j MISSING\nCOMMIT\n");
    try (NetworkNamespace ns = namespace()) {
      IptablesCliRun run = ns.call(() -> IptablesCliRun.of("iptables", "apply", "--backend", "legacy", file.toString()));

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err()).contains("rule 1 of chain A in table filter");
    }
  }

  private static NetworkNamespace namespace() throws NamespaceException {
    NamespaceAssumptions.assumeNamespacesAllowed("IptablesCommandTest");
    return NetworkNamespace.create("cli-iptables");
  }
}
