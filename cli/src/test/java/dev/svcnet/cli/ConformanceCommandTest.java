package dev.svcnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.harness.netns.NamespaceAssumptions;
import org.junit.jupiter.api.Test;

class ConformanceCommandTest {

  @Test
  void netnsTargetRunsTheStatisticCheckWithTheGivenSeed() {
    NamespaceAssumptions.assumeNamespacesAllowed("netnsTargetRunsTheStatisticCheckWithTheGivenSeed");
    CliRun run = CliRun.of("conformance", "--seed=5", "--tries=20");
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).startsWith("svcnet conformance: target netns, seed 5, tries 20")
        .contains("PASSED   netfilter.statistic-probability")
        .endsWith("1 passed, 0 failed, 0 not run\n");
  }

  @Test
  void aTargetWithoutChecksIsReportedNotRun() {
    CliRun run = CliRun.of("conformance", "--target=cluster", "--seed=1");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("NOT RUN").contains("no checks for the cluster target")
        .endsWith("0 passed, 0 failed, 1 not run\n");
  }

  @Test
  void unknownTargetExits2NamingTheOption() {
    CliRun run = CliRun.of("conformance", "--target=moon");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--target: unknown target 'moon'")
        .contains("netns, vm, container, cluster");
  }

  @Test
  void triesOutOfRangeExits2NamingTheOption() {
    CliRun run = CliRun.of("conformance", "--tries=0");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--tries: tries must be 1..100000, got 0");
  }
}
