package dev.svcnet.conformance.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Counterexample;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.harness.vm.Availability;
import dev.svcnet.harness.vm.KernelVm;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vm target's checks in Debian's kernel under QEMU, each booting its own guest: they pass
 * with svcnet's models, and with the test-only fault switch they fail with a shrunk
 * counterexample.
 */
class KernelVmChecksTest {

  @BeforeEach
  void needsTheKernelVm() {
    Availability availability = KernelVm.defaults().availability();
    Assumptions.assumeTrue(availability.canRun(),
        "vm checks not run: " + availability.reason());
  }

  @Test
  void schedulerDecisionsAreTheKernelsAndCharted() {
    CheckResult result = new SchedulerDecisionsCheck().run(Target.VM, new Settings(21, 8));
    assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.PASSED);
    assertThat(result.charts()).isNotEmpty();
  }

  @Test
  void aWrongWeightModelIsCaughtAndShrunk() {
    CheckResult result = new SchedulerDecisionsCheck().run(Target.VM,
        new Settings(21, 8, true));
    assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.FAILED);
    Counterexample found = result.counterexample();
    assertThat(found).as(result.detail()).isNotNull();
    System.out.println("caught and shrunk: " + found);
    assertThat(found.minimalSize()).isLessThan(found.firstSize());
    assertThat(found.problem()).contains("kernel").contains("svcnet");
    assertThat(found.reproduce()).isEqualTo("./svcnet conformance --target=vm"
        + " --capability=ipvs.scheduler-decisions --seed=21 --tries=8");
  }

  @Test
  void ipvsTablesRoundTripAndAWrongExpectationShrinks() {
    CheckResult passing = new IpvsRoundTripCheck().run(Target.VM, new Settings(4, 5));
    assertThat(passing.verdict()).as(passing.detail()).isEqualTo(Verdict.PASSED);

    CheckResult failing = new IpvsRoundTripCheck().run(Target.VM, new Settings(4, 5, true));
    assertThat(failing.verdict()).as(failing.detail()).isEqualTo(Verdict.FAILED);
    Counterexample found = failing.counterexample();
    assertThat(found).as(failing.detail()).isNotNull();
    System.out.println("caught and shrunk: " + found);
    assertThat(found.minimalSize()).isLessThan(found.firstSize());
    // One service with the one destination whose thresholds ipvsadm -S drops.
    assertThat(found.minimalSize()).isEqualTo(2);
  }

  @Test
  void servicesProgrammedInIpvsModeAnswerFromTheirReadyEndpointsAndAWrongPortShrinks() {
    CheckResult passing = new ServiceProxyIpvsTrafficCheck().run(Target.VM, new Settings(3, 4));
    assertThat(passing.verdict()).as(passing.detail()).isEqualTo(Verdict.PASSED);

    CheckResult failing = new ServiceProxyIpvsTrafficCheck().run(Target.VM,
        new Settings(3, 4, true));
    assertThat(failing.verdict()).as(failing.detail()).isEqualTo(Verdict.FAILED);
    Counterexample found = failing.counterexample();
    assertThat(found).as(failing.detail()).isNotNull();
    System.out.println("caught and shrunk: " + found);
    // One ClusterIP Service with one ready endpoint, refused on the Service's own port.
    assertThat(found.minimalSize()).isEqualTo(1);
    assertThat(found.minimal()).matches("1 service: ClusterIP\\(ready \\[\\d\\], target port 8080\\)");
    assertThat(found.problem()).contains("connection refused");
    assertThat(found.reproduce()).isEqualTo("./svcnet conformance --target=vm"
        + " --capability=service-proxy.ipvs-traffic --seed=3 --tries=4");
  }
}
