package dev.svcnet.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.conformance.checks.IpvsRoundTripCheck;
import dev.svcnet.harness.vm.Availability;
import dev.svcnet.harness.vm.KernelPackage;
import dev.svcnet.harness.vm.KernelVm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vm target with other kernels than the default one: each named kernel is prepared like the
 * default one and becomes a report column of its own, with its version; what cannot be prepared
 * or booted is reported not run with the reason.
 */
class NamedKernelsTest {

  /** Debian 12's 6.12 kernel series (its security suite): a second kernel a CI machine can fetch. */
  static final String SECOND_KERNEL = "linux-image-6.12-amd64";

  private static void needsTheKernelVm() {
    Availability availability = KernelVm.defaults().availability();
    Assumptions.assumeTrue(availability.canRun(), "vm not available: " + availability.reason());
  }

  @Test
  void theDefaultKernelAndDebians612AreComparedInOneRun() {
    needsTheKernelVm();
    SuiteReport report = new ConformanceSuite(List.of(new IpvsRoundTripCheck())).runAll(
        List.of(TargetRun.of(Target.VM), TargetRun.vm(KernelPackage.parse(SECOND_KERNEL))),
        new Settings(8, 3), SuiteListener.none());

    SuiteReport.Column second = report.columns().get(1);
    CheckResult onSecond = second.results().get(0);
    if (onSecond.verdict() == Verdict.NOT_RUN
        && onSecond.detail().matches("(?s).*(apt-get download|apt knows no package).*")) {
      Assumptions.abort("apt cannot fetch " + SECOND_KERNEL + " here: " + onSecond.detail());
    }
    SuiteReport.Column first = report.columns().get(0);
    assertThat(first.run().label()).isEqualTo("vm");
    assertThat(first.environment()).matches("kernel 6\\.1\\.\\S+ \\(linux-image-6\\.1\\..*\\) under QEMU");
    assertThat(second.run().label()).isEqualTo("vm " + SECOND_KERNEL);
    assertThat(second.environment()).matches("kernel 6\\.12\\.\\S+ \\(linux-image-6\\.12\\..*\\) under QEMU");
    assertThat(report.results()).allSatisfy(result ->
        assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.PASSED));
  }

  @Test
  void aFailureOnANamedKernelReproducesWithThatKernelAndOnlyOnVm() {
    Settings onKernel = new Settings(4, 5).withKernel(
        new Settings.NamedKernel("linux-image-6.12-amd64", Path.of("/k")));

    assertThat(Counterexample.reproduceCommand(Target.VM, "ipvs.round-trip", onKernel))
        .isEqualTo("./svcnet conformance --target=vm --kernel=linux-image-6.12-amd64"
            + " --capability=ipvs.round-trip --seed=4 --tries=5");
    assertThat(Counterexample.reproduceCommand(Target.NETNS, "x", onKernel))
        .isEqualTo("./svcnet conformance --target=netns --capability=x --seed=4 --tries=5");
  }

  @Test
  void aKernelThatCannotBePreparedMakesTheVmChecksNotRunWithTheScriptsReason(@TempDir Path dir)
      throws IOException {
    needsTheKernelVm();
    Path bogus = Files.writeString(dir.resolve("linux-image-bogus_1_amd64.deb"), "not a package");
    SuiteReport report = ConformanceSuite.standard().runAll(
        List.of(TargetRun.vm(KernelPackage.parse(bogus.toString()))), new Settings(1, 1),
        SuiteListener.none());

    List<String> vmChecks = ConformanceSuite.standard().checks().stream()
        .filter(c -> c.targets().contains(Target.VM)).map(Check::capability).toList();
    assertThat(vmChecks).contains("ipvs.round-trip", "ipvs.scheduler-decisions");
    assertThat(report.results()).extracting(CheckResult::capability)
        .containsExactlyElementsOf(vmChecks);
    assertThat(report.results()).allSatisfy(result -> {
      assertThat(result.verdict()).isEqualTo(Verdict.NOT_RUN);
      assertThat(result.detail()).startsWith("cannot prepare kernel " + bogus + ": ")
          .contains("is not a Debian package (dpkg-deb cannot read it)");
    });
    assertThat(report.columns().get(0).environment())
        .isEqualTo("kernel " + bogus + " (not prepared)");
  }

  @Test
  void aKernelNoSelectedCheckWouldBootIsNotFetched() {
    SuiteReport report = new ConformanceSuite(List.of()).runAll(
        List.of(TargetRun.vm(KernelPackage.parse("linux-image-9.9.9-0-amd64"))),
        new Settings(1, 1), SuiteListener.none());

    assertThat(report.columns().get(0).environment())
        .isEqualTo("kernel linux-image-9.9.9-0-amd64 (not prepared: no vm check selected)");
    assertThat(report.results()).singleElement().satisfies(result ->
        assertThat(result.detail()).isEqualTo("this version has no checks for the vm target yet"));
  }

  @Test
  void aVmCheckThatOnlyBootsTheDefaultKernelIsNotRunOnAnother() {
    needsTheKernelVm();
    Check defaultOnly = new Check() {
      @Override
      public String capability() {
        return "test.default-kernel-only";
      }

      @Override
      public String description() {
        return "a vm check that ignores the settings' kernel";
      }

      @Override
      public Set<Target> targets() {
        return Set.of(Target.VM);
      }

      @Override
      public CheckResult run(Target target, Settings settings) {
        throw new AssertionError("must not run on a named kernel");
      }
    };
    String request = KernelVm.defaults().preparedKernel().orElseThrow().packageName();
    SuiteReport report = new ConformanceSuite(List.of(defaultOnly)).runAll(
        List.of(TargetRun.vm(KernelPackage.parse(request))), new Settings(1, 1),
        SuiteListener.none());

    assertThat(report.results()).singleElement().satisfies(result -> {
      assertThat(result.verdict()).isEqualTo(Verdict.NOT_RUN);
      assertThat(result.detail()).isEqualTo("this check boots only the default kernel, not "
          + request);
    });
  }
}
