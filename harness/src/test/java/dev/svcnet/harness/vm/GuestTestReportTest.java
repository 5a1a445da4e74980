package dev.svcnet.harness.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcnet.harness.vm.GuestTestOutcome.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report file between guest and host, and how ancestors stand in for unreported tests. */
class GuestTestReportTest {

  private static final String CLASS = "[engine:junit-jupiter]/[class:a.B]";
  private static final String TEST = CLASS + "/[method:t()]";

  @Test
  void roundTripsMultiLineTextAndEveryStatus(@TempDir Path dir) throws IOException {
    GuestTestReport report = new GuestTestReport(List.of(
        new GuestTestOutcome(TEST, false, Status.FAILED, "line 1\nline 2 = é ✓",
            "java.lang.AssertionError: x\n\tat a.B.t(B.java:3)\n", "out:\n#!=\\"),
        new GuestTestOutcome(CLASS + "/[method:s()]", false, Status.SKIPPED, "why", "", ""),
        new GuestTestOutcome(CLASS + "/[method:a()]", false, Status.ABORTED, "", "", ""),
        new GuestTestOutcome(CLASS, true, Status.SUCCESSFUL, "", "", "")));
    Path file = dir.resolve(GuestTestReport.FILE_NAME);

    report.write(file);

    assertThat(GuestTestReport.read(file)).isEqualTo(report);
    assertThat(dir.resolve(GuestTestReport.FILE_NAME + ".tmp")).doesNotExist();
  }

  @Test
  void aFailedClassAnswersForTestsItNeverRan() {
    GuestTestReport report = new GuestTestReport(List.of(
        new GuestTestOutcome(CLASS, true, Status.FAILED, "beforeAll broke", "", "")));

    assertThat(report.find(TEST)).isEmpty();
    assertThat(report.failedAncestor(TEST)).map(GuestTestOutcome::message)
        .contains("beforeAll broke");
    assertThat(GuestTestReport.parent(TEST)).isEqualTo(CLASS);
    assertThat(GuestTestReport.parent("[engine:junit-jupiter]")).isNull();
  }

  @Test
  void rejectsAReportWithoutItsFields(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("broken.properties");
    Files.writeString(file, "count=1\ntest.0.id=x\n");

    assertThatThrownBy(() -> GuestTestReport.read(file)).isInstanceOf(IOException.class)
        .hasMessage("no test.0.status in " + file);
  }
}
