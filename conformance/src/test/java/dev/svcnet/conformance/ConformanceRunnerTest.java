package dev.svcnet.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.conformance.checks.IngressNginxCheck;
import dev.svcnet.conformance.checks.IpvsRoundTripCheck;
import dev.svcnet.conformance.checks.StatisticCascadeSharesCheck;
import dev.svcnet.conformance.checks.StatisticProbabilityCheck;
import dev.svcnet.harness.netns.NamespaceAssumptions;
import dev.svcnet.harness.nginx.LocalNginx;
import dev.svcnet.harness.vm.KernelVm;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner itself: happy path, a wrong model caught and shrunk, a missing prerequisite. */
class ConformanceRunnerTest {

  @Test
  void everyNetnsCheckPassesOnThisKernel() {
    NamespaceAssumptions.assumeNamespacesAllowed("everyNetnsCheckPassesOnThisKernel");
    List<String> heard = new ArrayList<>();
    SuiteReport report = ConformanceSuite.standard().run(List.of(Target.NETNS),
        new Settings(3, 10), new SuiteListener() {
          @Override
          public void started(Check check, Target target) {
            heard.add("started " + check.capability());
          }

          @Override
          public void finished(CheckResult result) {
            heard.add("finished " + result.capability());
          }
        });
    List<String> netnsCapabilities = List.of("netfilter.round-trip",
        "netfilter.statistic-probability", "netfilter.statistic-cascade-shares",
        "service-proxy.iptables-traffic", "service-proxy.sync-time", "ingress.nginx-routing");
    assertThat(report.results()).extracting(CheckResult::capability)
        .containsExactlyElementsOf(netnsCapabilities);
    String noNginx = LocalNginx.unavailable();
    assertThat(report.results()).allSatisfy(result -> {
      if (noNginx != null && result.capability().startsWith("ingress.")) {
        // Reported, never passed, when the reference nginx is missing.
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_RUN);
        assertThat(result.detail()).contains(noNginx);
      } else {
        assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.PASSED);
      }
    });
    assertThat(report.anyFailed()).isFalse();
    assertThat(report.results().get(2).charts()).isNotEmpty();
    assertThat(report.results().get(4).charts()).singleElement().isInstanceOf(XyChart.class);
    List<String> expectedEvents = new ArrayList<>();
    for (String capability : netnsCapabilities) {
      expectedEvents.add("started " + capability);
      expectedEvents.add("finished " + capability);
    }
    assertThat(heard).containsExactlyElementsOf(expectedEvents);
  }

  @Test
  void aMissingNginxMakesTheIngressCheckNotRunWithTheReason() {
    SuiteReport report = new ConformanceSuite(List.of(
        new IngressNginxCheck(java.nio.file.Path.of("/nonexistent/nginx"))))
        .run(List.of(Target.NETNS), new Settings(1, 1), SuiteListener.none());

    assertThat(report.results()).singleElement().satisfies(result -> {
      assertThat(result.verdict()).isEqualTo(Verdict.NOT_RUN);
      assertThat(result.detail()).contains("/nonexistent/nginx").contains("scripts/setup");
    });
    assertThat(report.anyFailed()).isFalse();
  }

  @Test
  void aMissingNginxMakesTheIngressCheckNotRunOnContainerBeforeAnyContainerStarts() {
    // No Docker engine is asked: the image would copy nginx from this machine, and it is not here.
    CheckResult result = new IngressNginxCheck(java.nio.file.Path.of("/nonexistent/nginx"))
        .run(Target.CONTAINER, new Settings(1, 1));

    assertThat(result.verdict()).isEqualTo(Verdict.NOT_RUN);
    assertThat(result.target()).isEqualTo(Target.CONTAINER);
    assertThat(result.detail()).contains("/nonexistent/nginx").contains("scripts/setup");
  }

  @Test
  void aDeliberatelyWrongRoundingModelIsCaughtAndShrunkToOneShortProbability() {
    NamespaceAssumptions.assumeNamespacesAllowed(
        "aDeliberatelyWrongRoundingModelIsCaughtAndShrunkToOneShortProbability");
    Settings faulty = new Settings(11, 40, true);
    CheckResult result = new StatisticProbabilityCheck().run(Target.NETNS, faulty);

    assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.FAILED);
    Counterexample found = result.counterexample();
    assertThat(found.seed()).isEqualTo(11);
    assertThat(found.firstSize()).isEqualTo(40);
    assertThat(found.minimalSize()).isEqualTo(1).isLessThan(found.firstSize());
    // One probability, shortened from kube-proxy's ten decimals by shrinking.
    String minimal = found.minimal().substring(found.minimal().indexOf(": ") + 2);
    assertThat(minimal).matches("0\\.\\d{1,9}");
    assertThat(found.problem()).contains("--probability " + minimal + " read back as");
    assertThat(found.reproduce()).isEqualTo("./svcnet conformance --target=netns"
        + " --capability=netfilter.statistic-probability --seed=11 --tries=40");
    // The real model passes the same cases.
    assertThat(new StatisticProbabilityCheck().run(Target.NETNS, new Settings(11, 40))
        .verdict()).isEqualTo(Verdict.PASSED);
  }

  @Test
  void aDeliberatelyWrongCascadeModelIsCaughtAndShrunkToOneSmallCascade() {
    NamespaceAssumptions.assumeNamespacesAllowed(
        "aDeliberatelyWrongCascadeModelIsCaughtAndShrunkToOneSmallCascade");
    Settings faulty = new Settings(5, 4, true);
    CheckResult result = new StatisticCascadeSharesCheck().run(Target.NETNS, faulty);

    assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.FAILED);
    Counterexample found = result.counterexample();
    assertThat(found.firstSize()).isEqualTo(4);
    assertThat(found.minimalSize()).isEqualTo(1);
    // With two endpoints the wrong model (every rule 1 in n) happens to be right: three is the
    // smallest cascade it gets wrong.
    assertThat(found.minimal()).isEqualTo("cascades of [3] endpoints");
    assertThat(result.charts()).isNotEmpty();
  }

  @Test
  void aMissingQemuMakesTheVmChecksNotRunWithTheReason() {
    KernelVm noQemu = KernelVm.defaults().withQemu("/nonexistent/qemu-system-x86_64");
    SuiteReport report = new ConformanceSuite(List.of(new IpvsRoundTripCheck(noQemu)))
        .run(List.of(Target.VM), new Settings(1, 1), SuiteListener.none());

    assertThat(report.results()).singleElement().satisfies(result -> {
      assertThat(result.verdict()).isEqualTo(Verdict.NOT_RUN);
      assertThat(result.detail()).contains("/nonexistent/qemu-system-x86_64");
    });
    assertThat(report.anyFailed()).isFalse();
  }

  @Test
  void anUnknownCapabilityIsNamedWithTheKnownOnes() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            ConformanceSuite.standard().only(List.of("ipvs.teleport")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown capability 'ipvs.teleport'")
        .hasMessageContaining("ipvs.round-trip");
  }
}
