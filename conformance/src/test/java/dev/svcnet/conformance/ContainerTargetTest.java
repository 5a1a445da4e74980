package dev.svcnet.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.conformance.checks.NamespaceCheck;
import dev.svcnet.conformance.checks.StatisticCascadeSharesCheck;
import dev.svcnet.harness.container.DockerAvailability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The container target: every check that runs in a network namespace runs inside a container
 * of svcnet's network-tools image (NET_ADMIN and NET_RAW only), with its progress, result,
 * counterexample and charts coming back to the suite; a check that cannot is reported not run
 * with the reason.
 */
class ContainerTargetTest {

  @Test
  void everyNamespaceCheckRunsAndPassesInsideAContainerAndTheOthersSayWhyNot() {
    DockerAvailability.abortIfUnavailable();
    List<String> progress = new ArrayList<>();
    SuiteReport report = ConformanceSuite.standard().run(List.of(Target.CONTAINER),
        new Settings(3, 10), new SuiteListener() {
          @Override
          public void progressed(Check check, Target target, int done, int total) {
            progress.add(check.capability() + " " + done + "/" + total);
          }
        });
    List<String> onNetns = ConformanceSuite.standard().checks().stream()
        .filter(c -> c.targets().contains(Target.NETNS)).map(Check::capability).toList();

    assertThat(report.results()).extracting(CheckResult::capability)
        .containsExactlyElementsOf(onNetns);
    List<String> inContainer = ConformanceSuite.standard().checks().stream()
        .filter(c -> c instanceof NamespaceCheck).map(Check::capability).toList();
    assertThat(inContainer).contains("netfilter.round-trip", "netfilter.statistic-probability",
        "netfilter.statistic-cascade-shares");
    assertThat(report.results()).allSatisfy(result -> {
      if (inContainer.contains(result.capability())) {
        assertThat(result.verdict()).as(result.capability() + ": " + result.detail())
            .isEqualTo(Verdict.PASSED);
      } else {
        assertThat(result.verdict()).as(result.capability()).isEqualTo(Verdict.NOT_RUN);
        assertThat(result.detail()).isEqualTo(ConformanceSuite.NO_CONTAINER_FORM);
      }
    });
    assertThat(report.columns().get(0).environment()).startsWith("this machine's kernel ")
        .endsWith(", shared by the container");
    // The cascade's progress streamed out of the container, its charts came back whole.
    assertThat(progress).contains("netfilter.statistic-cascade-shares 8/8");
    CheckResult cascade = report.results().stream()
        .filter(r -> r.capability().equals("netfilter.statistic-cascade-shares")).findFirst()
        .orElseThrow();
    assertThat(cascade.charts()).isNotEmpty();
    assertThat(cascade.target()).isEqualTo(Target.CONTAINER);
  }

  @Test
  void aWrongCascadeModelIsCaughtAndShrunkInsideAContainer() {
    DockerAvailability.abortIfUnavailable();
    CheckResult result = new StatisticCascadeSharesCheck().run(Target.CONTAINER,
        new Settings(5, 4, true));

    assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.FAILED);
    assertThat(result.counterexample().minimal()).isEqualTo("cascades of [3] endpoints");
    assertThat(result.counterexample().reproduce()).isEqualTo("./svcnet conformance"
        + " --target=container --capability=netfilter.statistic-cascade-shares --seed=5"
        + " --tries=4");
  }

  @Test
  void aNamespaceCheckWithoutAnInContainerFormIsReportedNotRunWithTheReason() {
    Check ownNamespaces = new Check() {
      @Override
      public String capability() {
        return "test.own-namespaces";
      }

      @Override
      public String description() {
        return "a check that makes namespaces of its own";
      }

      @Override
      public Set<Target> targets() {
        return Set.of(Target.NETNS);
      }

      @Override
      public CheckResult run(Target target, Settings settings) {
        throw new AssertionError("must not run on " + target);
      }
    };

    SuiteReport report = new ConformanceSuite(List.of(ownNamespaces))
        .run(List.of(Target.CONTAINER), new Settings(1, 1), SuiteListener.none());

    assertThat(report.results()).singleElement().satisfies(result -> {
      assertThat(result.verdict()).isEqualTo(Verdict.NOT_RUN);
      assertThat(result.took()).isEqualTo(Duration.ZERO);
      assertThat(result.detail()).isEqualTo("this check creates network namespaces of its own"
          + " (CAP_SYS_ADMIN), which the container (NET_ADMIN and NET_RAW only) cannot; it runs"
          + " on the netns target");
    });
  }
}
