package dev.svcnet.harness.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcnet.harness.vm.GuestTestOutcome.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** How a guest outcome becomes the host test's result, without booting anything. */
class GuestVerdictTest {

  private static final String CLASS = "[engine:junit-jupiter]/[class:a.B]";
  private static final String TEST = CLASS + "/[method:t()]";
  private static final String TRACE = String.join("\n",
      "org.opentest4j.AssertionFailedError: nope",
      "\tat org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:38)",
      "\tat a.B.t(B.java:42)",
      "\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)",
      "\tat a.B$Inner.lambda$run$0(Unknown Source)",
      "Caused by: java.lang.IllegalStateException: inner",
      "\tat c.D.e(D.java:1)",
      "");

  @Test
  void aPassPrintsTheGuestOutput() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GuestTestReport report = report(new GuestTestOutcome(TEST, false, Status.SUCCESSFUL, "", "",
        "hello\n"));

    assertThatCode(() -> GuestVerdict.apply(report, TEST, "run", printStream(out)))
        .doesNotThrowAnyException();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello\n");
  }

  @Test
  void aFailureCarriesTheGuestMessageTraceAndOutput() {
    GuestTestReport report = report(new GuestTestOutcome(TEST, false, Status.FAILED, "nope",
        TRACE, "some output\n"));

    assertThatThrownBy(() -> GuestVerdict.apply(report, TEST, "run", printStream(null)))
        .isInstanceOf(GuestTestFailure.class)
        .hasMessage("failed in the kernel VM: nope\n--- stack trace in the guest ---\n"
            + TRACE.stripTrailing() + "\n--- output in the guest ---\nsome output")
        .satisfies(e -> assertThat(e.getStackTrace()).containsExactly(
            new StackTraceElement("org.junit.jupiter.api.AssertionUtils", "fail",
                "AssertionUtils.java", 38),
            new StackTraceElement("a.B", "t", "B.java", 42),
            new StackTraceElement("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0",
                null, -2),
            new StackTraceElement("a.B$Inner", "lambda$run$0", null, -1)));
  }

  @Test
  void abortsAndSkipsAbortTheHostTest() {
    assertThatThrownBy(() -> GuestVerdict.apply(report(new GuestTestOutcome(TEST, false,
        Status.ABORTED, "assumption", "", "")), TEST, "run", printStream(null)))
        .isInstanceOf(TestAbortedException.class)
        .hasMessage("aborted in the kernel VM: assumption");
    assertThatThrownBy(() -> GuestVerdict.apply(report(new GuestTestOutcome(TEST, false,
        Status.SKIPPED, "disabled", "", "")), TEST, "run", printStream(null)))
        .isInstanceOf(TestAbortedException.class)
        .hasMessage("skipped in the kernel VM: disabled");
  }

  @Test
  void anUnreportedTestFailsUnlessItsClassExplainsWhy() {
    assertThatThrownBy(() -> GuestVerdict.apply(report(), TEST, "the run", printStream(null)))
        .isInstanceOf(GuestTestFailure.class)
        .hasMessage("the guest's JUnit run reported nothing for " + TEST + " (the run)");
    assertThatThrownBy(() -> GuestVerdict.apply(report(new GuestTestOutcome(CLASS, true,
        Status.FAILED, "beforeAll broke", "", "")), TEST, "run", printStream(null)))
        .isInstanceOf(GuestTestFailure.class)
        .hasMessageStartingWith("the guest did not run this test: " + CLASS
            + " ended FAILED: beforeAll broke");
    assertThatThrownBy(() -> GuestVerdict.apply(report(new GuestTestOutcome(CLASS, true,
        Status.ABORTED, "no ipvs", "", "")), TEST, "run", printStream(null)))
        .isInstanceOf(TestAbortedException.class)
        .hasMessage("the guest did not run this test: " + CLASS + " ended ABORTED: no ipvs");
  }

  private static GuestTestReport report(GuestTestOutcome... outcomes) {
    return new GuestTestReport(List.of(outcomes));
  }

  private static PrintStream printStream(ByteArrayOutputStream out) {
    return new PrintStream(out == null ? new ByteArrayOutputStream() : out, true,
        StandardCharsets.UTF_8);
  }
}
