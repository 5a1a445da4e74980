package dev.svcnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SvcnetCommandTest {

  @Test
  void versionNamesTheBuildAndTheJavaRuntime() {
    CliRun run = CliRun.of("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("svcnet 0.1.0-SNAPSHOT").contains("Java 17");
  }

  @Test
  void helpListsTheCommands() {
    CliRun run = CliRun.of("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: svcnet").contains("conformance");
  }

  @Test
  void everyCommandGroupIsReachableFromTheTop() {
    for (String[] args : new String[][] {
        {"lb", "--help"}, {"ingress", "--help"}, {"iptables", "render", "--help"},
        {"iptables", "normalize", "--help"}, {"ipvs", "--help"}, {"dns", "--help"},
        {"conformance", "--help"}}) {
      CliRun run = CliRun.of(args);
      assertThat(run.exitCode()).as(String.join(" ", args)).isZero();
      assertThat(run.out()).as(String.join(" ", args)).contains("Usage: svcnet " + args[0]);
    }
  }

  @Test
  void unknownCommandExits2WithUsageOnStderr() {
    // A name picocli finds no near match for: with one it prints "Did you mean" instead of usage.
    CliRun run = CliRun.of("qqqq");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unmatched argument at index 0: 'qqqq'")
        .contains("Usage: svcnet");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void noCommandExits2() {
    CliRun run = CliRun.of();
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing command");
  }
}
