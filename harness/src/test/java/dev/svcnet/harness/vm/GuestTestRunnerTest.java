package dev.svcnet.harness.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.svcnet.harness.vm.GuestTestOutcome.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** The in-guest runner's report and exit code, exercised on the host with a plain class. */
class GuestTestRunnerTest {

  private static final String FIXTURE_PROPERTY = "svcnet.vm.runner-fixture";

  /**
   * Not a test of its own: the input this test feeds to the runner, launched only by it (the
   * property). Its failing, aborting and disabled tests are there on purpose, so the runner's
   * report of each outcome is checked.
   */
  @EnabledIfSystemProperty(named = FIXTURE_PROPERTY, matches = "true")
  static class Fixture {
    @Test
    void passes() {
      System.out.println("captured");
    }

    @Test
    void fails() {
      fail("expected failure");
    }

    @Test
    void aborts() {
      Assumptions.abort("not here");
    }

    @Test
    @Disabled("switched off")
    void disabled() {}
  }

  @Test
  void writesOneOutcomePerTestAndExitsOneOnFailure(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("report.properties");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit;
    System.setProperty(FIXTURE_PROPERTY, "true");
    try {
      exit = GuestTestRunner.run(new String[] {"--report", report.toString(), "--select-class",
          Fixture.class.getName()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    } finally {
      System.clearProperty(FIXTURE_PROPERTY);
    }

    assertThat(exit).isEqualTo(1);
    Map<String, GuestTestOutcome> byMethod = GuestTestReport.read(report).outcomes().stream()
        .filter(o -> !o.container())
        .collect(Collectors.toMap(o -> o.uniqueId().replaceAll(".*\\[method:(\\w+)\\(\\)]$", "$1"),
            o -> o));
    assertThat(byMethod).containsOnlyKeys("passes", "fails", "aborts", "disabled");
    assertThat(byMethod.get("passes").status()).isEqualTo(Status.SUCCESSFUL);
    assertThat(byMethod.get("passes").output()).isEqualTo("captured\n");
    assertThat(byMethod.get("fails").status()).isEqualTo(Status.FAILED);
    assertThat(byMethod.get("fails").message()).isEqualTo("expected failure");
    assertThat(byMethod.get("fails").stackTrace())
        .contains("at " + Fixture.class.getName() + ".fails(GuestTestRunnerTest.java:");
    assertThat(byMethod.get("aborts").status()).isEqualTo(Status.ABORTED);
    assertThat(byMethod.get("aborts").message()).isEqualTo("not here");
    assertThat(byMethod.get("disabled").status()).isEqualTo(Status.SKIPPED);
    assertThat(byMethod.get("disabled").message()).isEqualTo("switched off");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("guest JUnit: started, 4 tests before parameterized ones expand",
        "guest JUnit: FAILED fails(): expected failure");
    assertThat(System.getProperty(GuestTestRunner.IN_GUEST_PROPERTY)).isNull();
  }

  @Test
  void badUsageExitsTwo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    assertThat(GuestTestRunner.run(new String[] {"--select-class"}, System.out, errStream))
        .isEqualTo(2);
    assertThat(GuestTestRunner.run(new String[] {"--select-class", "a.B"}, System.out, errStream))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--select-class needs a value", "needs --report FILE", "usage:");
  }
}
