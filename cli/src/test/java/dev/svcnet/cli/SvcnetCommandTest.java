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
  void unknownCommandExits2WithUsageOnStderr() {
    CliRun run = CliRun.of("frobnicate");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unmatched argument at index 0: 'frobnicate'")
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
