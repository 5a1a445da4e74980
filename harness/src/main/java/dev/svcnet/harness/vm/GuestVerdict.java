package dev.svcnet.harness.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentest4j.TestAbortedException;

/**
 * Turns the guest's outcome for one test into what the host's test does: return (pass), throw
 * {@link GuestTestFailure} (fail) or {@link TestAbortedException} (aborted or skipped).
 */
final class GuestVerdict {

  private static final Pattern FRAME =
      Pattern.compile("^\\s+at (?:[^/\\s]+/)?([\\w$.]+)\\.([\\w$<>]+)\\(([^:)]*)(?::(\\d+))?\\)$");

  private GuestVerdict() {}

  /** Applies the verdict for {@code uniqueId}; output for a passed test goes to {@code out}. */
  static void apply(GuestTestReport report, String uniqueId, String runDescription,
      java.io.PrintStream out) {
    Optional<GuestTestOutcome> found = report.find(uniqueId);
    if (found.isEmpty()) {
      Optional<GuestTestOutcome> ancestor = report.failedAncestor(uniqueId);
      if (ancestor.isPresent()) {
        GuestTestOutcome a = ancestor.get();
        String what = "the guest did not run this test: " + a.uniqueId() + " ended " + a.status();
        if (a.status() == GuestTestOutcome.Status.FAILED) {
          throw failure(what + ": " + a.message(), a);
        }
        throw new TestAbortedException(what + ": " + a.message());
      }
      throw new GuestTestFailure("the guest's JUnit run reported nothing for " + uniqueId
          + " (" + runDescription + ")", List.of());
    }
    GuestTestOutcome outcome = found.get();
    switch (outcome.status()) {
      case SUCCESSFUL -> {
        if (!outcome.output().isEmpty()) {
          out.print(outcome.output());
        }
      }
      case FAILED -> throw failure("failed in the kernel VM: " + outcome.message(), outcome);
      case ABORTED -> throw new TestAbortedException("aborted in the kernel VM: "
          + outcome.message() + withOutput(outcome));
      case SKIPPED -> throw new TestAbortedException("skipped in the kernel VM: "
          + outcome.message());
      default -> throw new IllegalStateException("unknown status " + outcome.status());
    }
  }

  private static GuestTestFailure failure(String message, GuestTestOutcome outcome) {
    String full = message
        + (outcome.stackTrace().isEmpty() ? ""
            : "\n--- stack trace in the guest ---\n" + outcome.stackTrace().stripTrailing())
        + withOutput(outcome);
    return new GuestTestFailure(full, frames(outcome.stackTrace()));
  }

  private static String withOutput(GuestTestOutcome outcome) {
    return outcome.output().isEmpty() ? ""
        : "\n--- output in the guest ---\n" + outcome.output().stripTrailing();
  }

  /** The frames of the outermost exception in a printed stack trace. */
  static List<StackTraceElement> frames(String stackTrace) {
    List<StackTraceElement> frames = new ArrayList<>();
    for (String line : stackTrace.split("\n")) {
      if (line.startsWith("Caused by:") || line.strip().startsWith("Suppressed:")) {
        break;
      }
      Matcher m = FRAME.matcher(line.stripTrailing());
      if (m.matches()) {
        String file = m.group(3);
        int lineNumber = m.group(4) == null ? (file.equals("Native Method") ? -2 : -1)
            : Integer.parseInt(m.group(4));
        frames.add(new StackTraceElement(m.group(1), m.group(2),
            file.isEmpty() || file.contains(" ") ? null : file, lineNumber));
      }
    }
    return frames;
  }
}
