package dev.svcnet.conformance.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.harness.container.DockerAvailability;
import dev.svcnet.harness.netns.NamespaceAssumptions;
import org.junit.jupiter.api.Test;

class StatisticProbabilityCheckTest {

  @Test
  void passesOnThisKernel() {
    NamespaceAssumptions.assumeNamespacesAllowed("passesOnThisKernel");
    CheckResult result = new StatisticProbabilityCheck().run(Target.NETNS, new Settings(42, 50));
    assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.PASSED);
    assertThat(result.detail()).isEqualTo("50 probabilities x 2 backends");
  }

  @Test
  void theSameSeedDrawsTheSameCases() {
    assertThat(StatisticProbabilityRun.probabilities(new Settings(7, 20)))
        .isEqualTo(StatisticProbabilityRun.probabilities(new Settings(7, 20)))
        .isNotEqualTo(StatisticProbabilityRun.probabilities(new Settings(8, 20)));
  }

  @Test
  void passesInsideAContainer() {
    DockerAvailability.abortIfUnavailable();
    CheckResult result = new StatisticProbabilityCheck().run(Target.CONTAINER, new Settings(9, 30));
    assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.PASSED);
    assertThat(result.detail()).isEqualTo("30 probabilities x 2 backends");
  }

  @Test
  void aWrongModelIsCaughtAndShrunkInsideAContainerToo() {
    DockerAvailability.abortIfUnavailable();
    CheckResult result = new StatisticProbabilityCheck().run(Target.CONTAINER,
        new Settings(9, 30, true));
    assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.FAILED);
    assertThat(result.counterexample().firstSize()).isEqualTo(30);
    assertThat(result.counterexample().minimalSize()).isEqualTo(1);
    assertThat(result.counterexample().reproduce()).contains("--target=container");
  }

  @Test
  void otherTargetsAreReportedNotRun() {
    CheckResult result = new StatisticProbabilityCheck().run(Target.CLUSTER, new Settings(1, 1));
    assertThat(result.verdict()).isEqualTo(Verdict.NOT_RUN);
  }
}
