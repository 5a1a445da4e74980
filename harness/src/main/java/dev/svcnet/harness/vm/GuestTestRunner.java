package dev.svcnet.harness.vm;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs JUnit tests inside the guest and writes a {@link GuestTestReport} for the host.
 *
 * <pre>
 * java -cp ... dev.svcnet.harness.vm.GuestTestRunner --report FILE
 *     (--select-class CLASS | --select-method CLASS#METHOD(PARAMS) | --select-unique-id ID)...
 * </pre>
 *
 * <p>Each test's stdout and stderr are captured by JUnit and stored with its outcome; one line
 * per finished test goes to the real stdout (the guest console). Exit code: 0 when nothing
 * failed, 1 when a test or container failed, 2 on bad usage, 3 when JUnit itself failed.
 */
public final class GuestTestRunner {

  /**
   * System property the host sets to {@code true} on the guest's JVM command line; with
   * {@link KernelVm#GUEST_ENV} it tells {@link InKernelVm} classes they run in the guest.
   */
  public static final String IN_GUEST_PROPERTY = "svcnet.in.kernel.vm";

  private GuestTestRunner() {}

  /** Entry point; see the class comment for arguments. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Path report = null;
    List<DiscoverySelector> selectors = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(option + " needs a value");
        }
        String value = args[++i];
        switch (option) {
          case "--report" -> report = Path.of(value);
          case "--select-class" -> selectors.add(DiscoverySelectors.selectClass(value));
          case "--select-method" -> selectors.add(DiscoverySelectors.selectMethod(value));
          case "--select-unique-id" -> selectors.add(DiscoverySelectors.selectUniqueId(value));
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      }
      if (report == null || selectors.isEmpty()) {
        throw new IllegalArgumentException("needs --report FILE and at least one --select-...");
      }
    } catch (IllegalArgumentException e) {
      err.println("GuestTestRunner: " + e.getMessage());
      err.println("usage: GuestTestRunner --report FILE (--select-class CLASS"
          + " | --select-method CLASS#METHOD | --select-unique-id ID)...");
      return 2;
    }
    Recorder recorder = new Recorder(out);
    try {
      LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
          .selectors(selectors)
          .configurationParameter("junit.platform.output.capture.stdout", "true")
          .configurationParameter("junit.platform.output.capture.stderr", "true")
          .build();
      Launcher launcher = LauncherFactory.create();
      launcher.execute(request, recorder);
    } catch (RuntimeException | LinkageError e) {
      err.println("GuestTestRunner: JUnit failed: " + e);
      e.printStackTrace(err);
      return 3;
    }
    try {
      new GuestTestReport(recorder.outcomes()).write(report);
    } catch (java.io.IOException e) {
      err.println("GuestTestRunner: cannot write " + report + ": " + e.getMessage());
      return 3;
    }
    return recorder.anyFailed() ? 1 : 0;
  }

  /** Collects outcomes and captured output; prints one line per test. */
  private static final class Recorder implements TestExecutionListener {

    private final PrintStream out;
    private final Map<String, StringBuilder> output = new LinkedHashMap<>();
    private final List<GuestTestOutcome> outcomes = new ArrayList<>();

    Recorder(PrintStream out) {
      this.out = out;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
      out.println("guest JUnit: started, " + testPlan.countTestIdentifiers(TestIdentifier::isTest)
          + " tests before parameterized ones expand");
    }

    @Override
    public synchronized void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
      entry.getKeyValuePairs().forEach((key, value) -> {
        if (key.equals("stdout") || key.equals("stderr")) {
          output.computeIfAbsent(test.getUniqueId(), k -> new StringBuilder()).append(value);
        }
      });
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier test, String reason) {
      outcomes.add(new GuestTestOutcome(test.getUniqueId(), test.isContainer(),
          GuestTestOutcome.Status.SKIPPED, reason == null ? "" : reason, "", ""));
      out.println("guest JUnit: SKIPPED " + test.getDisplayName() + ": " + reason);
    }

    @Override
    public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
      GuestTestOutcome.Status status = switch (result.getStatus()) {
        case SUCCESSFUL -> GuestTestOutcome.Status.SUCCESSFUL;
        case ABORTED -> GuestTestOutcome.Status.ABORTED;
        case FAILED -> GuestTestOutcome.Status.FAILED;
      };
      Optional<Throwable> thrown = result.getThrowable();
      String message = thrown.map(t -> t.getMessage() == null ? t.getClass().getName()
          : t.getMessage()).orElse("");
      String trace = thrown.map(GuestTestRunner::stackTrace).orElse("");
      StringBuilder captured = output.remove(test.getUniqueId());
      outcomes.add(new GuestTestOutcome(test.getUniqueId(), test.isContainer(), status, message,
          trace, captured == null ? "" : captured.toString()));
      if (test.isTest() || status != GuestTestOutcome.Status.SUCCESSFUL) {
        out.println("guest JUnit: " + status + " " + test.getDisplayName()
            + (message.isEmpty() ? "" : ": " + message));
      }
    }

    synchronized List<GuestTestOutcome> outcomes() {
      return List.copyOf(outcomes);
    }

    synchronized boolean anyFailed() {
      return outcomes.stream().anyMatch(o -> o.status() == GuestTestOutcome.Status.FAILED);
    }
  }

  private static String stackTrace(Throwable thrown) {
    StringWriter text = new StringWriter();
    thrown.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
