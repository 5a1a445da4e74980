package dev.svcnet.cli.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.harness.vm.InKernelVm;
import dev.svcnet.harness.vm.RoutableDummy;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.NetworkNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code svcnet proxy apply --mode=ipvs} inside Debian's kernel under QEMU, in a fresh network
 * namespace of the guest: one apply programs the whole IPVS-mode plan (the IPVS table as {@code
 * ipvsadm} lists it and as {@code svcnet ipvs render} prints it, kube-proxy's ipsets with their
 * entries, its iptables chains and jump rules, the kube-ipvs0 addresses), and a second apply of
 * the same files leaves all of it as it was.
 */
@InKernelVm(timeoutSeconds = 400)
class ProxyApplyIpvsKernelTest {

  @TempDir
  Path dir;

  @BeforeAll
  static void loadModules() throws IOException {
    // iptables-legacy-save cannot read a table whose module is not loaded yet ("iptables who?")
    for (String module : List.of("ip_vs", "ip_vs_rr", "dummy", "ip_set", "xt_set",
        "iptable_nat", "iptable_filter")) {
      ExternalCommand.of("modprobe", module).runChecked();
    }
  }

  @Test
  void oneApplyProgramsTheWholePlanAndASecondChangesNothing() throws Exception {
    Path web = dir.resolve("web.yaml");
    Files.writeString(web, ProxyCommandsTest.WEB);
    String[] apply = {"proxy", "apply", "--mode=ipvs", "--backend=legacy",
        "--node-ip=10.244.0.1", "--cluster-cidr=10.244.0.0/16", web.toString()};
    try (NetworkNamespace node = NetworkNamespace.create("proxy-apply-ipvs")) {
      node.call(() -> {
        RoutableDummy.add();
        ProxyCliRun run = ProxyCliRun.svcnet(apply);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("full sync: ");

        String listed = ExternalCommand.of("ipvsadm", "-L", "-n").runChecked();
        ProxyCliRun render = ProxyCliRun.svcnet("ipvs", "render", "--node-ip=10.244.0.1",
            web.toString());
        assertThat(listed).isEqualTo(render.out());

        ProxyCliRun sets = ProxyCliRun.svcnet("ipvs", "render", "--ipsets",
            "--node-ip=10.244.0.1", web.toString());
        String saved = ExternalCommand.of("ipset", "save").runChecked();
        for (String line : sets.out().split("\n")) {
          // ipset save adds bucketsize and initval to hash sets' create lines
          assertThat(saved).containsAnyOf(line + "\n", line + " ");
        }
        assertThat(saved).contains("add KUBE-CLUSTER-IP 10.96.0.10,tcp:80\n")
            .contains("add KUBE-NODE-PORT-TCP 30080\n");

        String nat = ExternalCommand.of("iptables-legacy-save", "-t", "nat").runChecked();
        // as iptables-save prints it: the address match before the modules
        assertThat(nat).contains("-A KUBE-SERVICES ! -s 10.244.0.0/16 -m comment --comment"
            + " \"Kubernetes service cluster ip + port for masquerade purpose\" -m set"
            + " --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ")
            .contains("-A PREROUTING -m comment --comment \"kubernetes service portals\""
                + " -j KUBE-SERVICES");
        String filter = ExternalCommand.of("iptables-legacy-save", "-t", "filter").runChecked();
        assertThat(filter).contains("-A INPUT -m comment --comment \"kubernetes ipvs access"
            + " filter\" -j KUBE-IPVS-FILTER");
        assertThat(ExternalCommand.of("ip", "-o", "address", "show", "dev", "kube-ipvs0")
            .runChecked()).contains("inet 10.96.0.10/32");

        ProxyCliRun again = ProxyCliRun.svcnet(apply);
        assertThat(again.exitCode()).as(again.err()).isZero();
        // a new proxier's first sync is full: it rewrites kube-proxy's chains (with the same
        // rules) but finds nothing to add or delete in the ipsets, the IPVS table or kube-ipvs0
        assertThat(again.out()).startsWith("full sync: 11 written, 0 deleted");
        assertThat(ExternalCommand.of("ipvsadm", "-L", "-n").runChecked()).isEqualTo(listed);
        assertThat(ExternalCommand.of("ipset", "save").runChecked()).isEqualTo(saved);
        assertThat(ExternalCommand.of("iptables-legacy-save", "-t", "nat").runChecked()
            .replaceAll("(?m)^#.*\n", "")).isEqualTo(nat.replaceAll("(?m)^#.*\n", ""));
        return null;
      });
    }
  }
}
