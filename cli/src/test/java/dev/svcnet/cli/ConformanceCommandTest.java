package dev.svcnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.harness.netns.NamespaceAssumptions;
import dev.svcnet.harness.vm.KernelVm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConformanceCommandTest {

  @AfterEach
  void forgetTheMissingQemu() {
    System.clearProperty(KernelVm.QEMU_PROPERTY);
  }

  @Test
  void netnsTargetRunsEveryNetnsCheckWithTheGivenSeed() {
    NamespaceAssumptions.assumeNamespacesAllowed("netnsTargetRunsEveryNetnsCheckWithTheGivenSeed");
    CliRun run = CliRun.of("conformance", "--target=netns", "--seed=5", "--tries=20");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).startsWith("svcnet conformance: target netns, seed 5, tries 20")
        .contains("PASSED   netfilter.statistic-probability")
        .contains("PASSED   netfilter.statistic-cascade-shares")
        .contains("PASSED   netfilter.round-trip")
        .contains("PASSED   service-proxy.iptables-traffic")
        .contains("PASSED   service-proxy.sync-time")
        .contains("PASSED   ingress.nginx-routing")
        .contains("Summary (capability x target):")
        .containsPattern("netfilter.statistic-cascade-shares +netns +passed")
        .containsPattern("6 passed, 0 failed, 0 not run \\(\\d+\\.\\d s\\)\n$");
  }

  @Test
  void byDefaultNetnsAndVmRunAndAMissingQemuIsNotRunWithTheReason(@TempDir Path reports) {
    NamespaceAssumptions.assumeNamespacesAllowed(
        "byDefaultNetnsAndVmRunAndAMissingQemuIsNotRunWithTheReason");
    System.setProperty(KernelVm.QEMU_PROPERTY, "/nonexistent/qemu-system-x86_64");
    CliRun run = CliRun.of("conformance", "--seed=6", "--tries=10", "--report=" + reports);
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).startsWith("svcnet conformance: target netns, vm, seed 6, tries 10")
        .containsPattern("ipvs.round-trip +vm +not run: .*/nonexistent/qemu-system-x86_64")
        .containsPattern("ipvs.scheduler-decisions +vm +not run: .*/nonexistent/qemu-system")
        .containsPattern("service-proxy.ipvs-traffic +vm +not run: .*/nonexistent/qemu-system")
        .contains("6 passed, 0 failed, 3 not run")
        .contains("report: " + reports.resolve("TEST-svcnet-conformance-netns.xml"))
        .contains("report: " + reports.resolve("TEST-svcnet-conformance-vm.xml"))
        .contains("report: " + reports.resolve("conformance.html"));
    assertThat(reports.resolve("conformance.html")).content()
        .contains("not run: ").contains("/nonexistent/qemu-system-x86_64");
  }

  @Test
  void aFailureExits1WithItsShrunkCounterexampleAndReproduceCommand() {
    NamespaceAssumptions.assumeNamespacesAllowed(
        "aFailureExits1WithItsShrunkCounterexampleAndReproduceCommand");
    ConformanceCommand command = new ConformanceCommand();
    command.faultyModelsForTests = true;
    StringWriter out = new StringWriter();
    CommandLine commandLine = new CommandLine(command);
    commandLine.setOut(new PrintWriter(out, true));
    int exitCode = commandLine.execute("--target=netns",
        "--capability=netfilter.statistic-probability", "--seed=11", "--tries=40");

    assertThat(exitCode).as(out.toString()).isEqualTo(1);
    assertThat(out.toString())
        .containsPattern("netfilter.statistic-probability +netns +FAILED")
        .contains("Counterexample for netfilter.statistic-probability on netns (seed 11):")
        .contains("first failing case (size 40): 40 probabilities: ")
        .containsPattern("minimal after shrinking \\(size 1\\): 1 probability: 0\\.\\d{1,9}\n")
        .contains("reproduce: ./svcnet conformance --target=netns"
            + " --capability=netfilter.statistic-probability --seed=11 --tries=40")
        .containsPattern("0 passed, 1 failed, 0 not run");
  }

  @Test
  void theClusterTargetOffANodeIsReportedNotRunWithTheReason() {
    CliRun run = CliRun.of("conformance", "--target=cluster", "--seed=1");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("NOT RUN").contains("no KUBE-SERVICES chain")
        .containsPattern("cluster.kube-proxy-ipvs +cluster +not run: ")
        .containsPattern("cluster.ingress-nginx +cluster +not run: ")
        .containsPattern("0 passed, 0 failed, 3 not run \\(\\d+\\.\\d s\\)\n$");
  }

  @Test
  void everyNamedKernelIsAVmColumnOfItsOwnAndAMissingQemuIsNotRunForEach(@TempDir Path reports) {
    System.setProperty(KernelVm.QEMU_PROPERTY, "/nonexistent/qemu-system-x86_64");
    CliRun run = CliRun.of("conformance", "--target=vm", "--kernel=default",
        "--kernel=linux-image-6.12-amd64", "--capability=ipvs.round-trip", "--seed=2",
        "--report=" + reports);
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .startsWith("svcnet conformance: target vm, vm linux-image-6.12-amd64, seed 2")
        .containsPattern("ipvs.round-trip +vm +not run: .*/nonexistent/qemu-system-x86_64")
        .containsPattern("ipvs.round-trip +vm linux-image-6.12-amd64 +not run: .*/nonexistent/qemu")
        .contains("  vm linux-image-6.12-amd64: kernel linux-image-6.12-amd64 (not prepared)")
        .contains("report: " + reports.resolve("TEST-svcnet-conformance-vm.xml"))
        .contains("report: " + reports.resolve(
            "TEST-svcnet-conformance-vm-linux-image-6.12-amd64.xml"));
  }

  @Test
  void aKernelWithoutTheVmTargetOrOfTheWrongFormExits2NamingTheOption() {
    CliRun withoutVm = CliRun.of("conformance", "--target=netns",
        "--kernel=linux-image-6.12-amd64");
    assertThat(withoutVm.exitCode()).isEqualTo(2);
    assertThat(withoutVm.err()).contains("--kernel names kernels for the vm target, which is not"
        + " among the targets; add --target=vm");

    CliRun notAKernel = CliRun.of("conformance", "--target=vm", "--kernel=nginx");
    assertThat(notAKernel.exitCode()).isEqualTo(2);
    assertThat(notAKernel.err()).contains("--kernel: 'nginx' is not a kernel package");
  }

  @Test
  void unknownTargetExits2NamingTheOption() {
    CliRun run = CliRun.of("conformance", "--target=moon");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--target: unknown target 'moon'")
        .contains("netns, vm, container, cluster");
  }

  @Test
  void unknownCapabilityExits2NamingTheKnownOnes() {
    CliRun run = CliRun.of("conformance", "--capability=ipvs.teleport");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--capability: unknown capability 'ipvs.teleport'")
        .contains("netfilter.statistic-probability");
  }

  @Test
  void triesOutOfRangeExits2NamingTheOption() {
    CliRun run = CliRun.of("conformance", "--tries=0");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--tries: tries must be 1..100000, got 0");
  }
}
