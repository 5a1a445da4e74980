package dev.svcnet.conformance.report;

import dev.svcnet.conformance.Check;
import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.SuiteListener;
import dev.svcnet.conformance.SuiteReport;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.TargetRun;
import dev.svcnet.conformance.Verdict;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The suite on a terminal. Live (stdout is a terminal): one progress bar per running capability,
 * redrawn in place every second and on progress, replaced by the verdict line when it finishes.
 * Not live: plain lines only (start, every quarter of progress, verdict). Then a summary.
 */
public final class TerminalDisplay implements SuiteListener, AutoCloseable {

  private static final int BAR = 24;

  private final PrintWriter out;
  private final boolean live;
  private final ScheduledExecutorService ticker;
  private String running;
  private String column = "";
  private long startedNanos;
  private int done;
  private int total;
  private int lastQuarter;
  private int frame;

  public TerminalDisplay(PrintWriter out, boolean live) {
    this.out = out;
    this.live = live;
    if (live) {
      ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "svcnet-progress");
        thread.setDaemon(true);
        return thread;
      });
      ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
    } else {
      ticker = null;
    }
  }

  @Override
  public synchronized void targetStarted(TargetRun run) {
    column = run.label();
    out.printf("%s:%n", column);
    out.flush();
  }

  @Override
  public synchronized void started(Check check, Target target) {
    running = check.capability() + " on " + column;
    startedNanos = System.nanoTime();
    done = 0;
    total = 0;
    lastQuarter = 0;
    if (live) {
      redraw();
    } else {
      out.printf("  ...      %s%n", running);
      out.flush();
    }
  }

  @Override
  public synchronized void progressed(Check check, Target target, int done, int total) {
    this.done = done;
    this.total = total;
    if (live) {
      redraw();
    } else if (total > 0 && done * 4 / total > lastQuarter) {
      lastQuarter = done * 4 / total;
      out.printf("  ...      %s: %d/%d%n", running, done, total);
      out.flush();
    }
  }

  @Override
  public synchronized void finished(CheckResult result) {
    running = null;
    if (live) {
      out.print("\r\033[K");
    }
    out.printf(Locale.ROOT, "  %-8s %-36s %-9s %s (%.1f s)%n", label(result.verdict()),
        result.capability(), column.isEmpty() ? result.target().cliName() : column,
        result.detail(),
        result.took().toMillis() / 1000.0);
    out.flush();
  }

  private synchronized void redraw() {
    if (running == null) {
      return;
    }
    long seconds = (System.nanoTime() - startedNanos) / 1_000_000_000L;
    StringBuilder bar = new StringBuilder();
    if (total > 0) {
      int filled = done * BAR / total;
      bar.append("#".repeat(filled)).append(".".repeat(BAR - filled));
      out.printf("\r\033[K  [%s] %s %d/%d %ds", bar, running, done, total, seconds);
    } else {
      int at = frame++ % BAR;
      bar.append(".".repeat(at)).append('#').append(".".repeat(BAR - at - 1));
      out.printf("\r\033[K  [%s] %s %ds", bar, running, seconds);
    }
    out.flush();
  }

  /** The summary: each capability on each target, every counterexample, and the counts. */
  public void summary(SuiteReport report) {
    out.println();
    out.println("Summary (capability x target):");
    for (SuiteReport.Column column : report.columns()) {
      if (!column.environment().isEmpty()) {
        out.printf("  %s: %s%n", column.run().label(), column.environment());
      }
    }
    for (SuiteReport.Column column : report.columns()) {
      for (CheckResult result : column.results()) {
        String verdict = switch (result.verdict()) {
          case PASSED -> "passed";
          case FAILED -> "FAILED";
          case NOT_RUN -> "not run: " + result.detail();
        };
        out.printf("  %-36s %-9s %s%n", result.capability(), column.run().label(), verdict);
      }
    }
    for (SuiteReport.Column column : report.columns()) {
      for (CheckResult result : column.results()) {
        result.failingCase().ifPresent(c -> {
        out.printf("%nCounterexample for %s on %s (seed %d):%n", result.capability(),
            column.run().label(), c.seed());
        out.printf("  first failing case (size %d): %s%n", c.firstSize(), c.first());
        out.printf("  minimal after shrinking (size %d): %s%n", c.minimalSize(), c.minimal());
        out.printf("  problem: %s%n", c.problem());
        out.printf("  reproduce: %s%n", c.reproduce());
        });
      }
    }
    out.printf(Locale.ROOT, "%d passed, %d failed, %d not run (%.1f s)%n",
        report.count(Verdict.PASSED), report.count(Verdict.FAILED),
        report.count(Verdict.NOT_RUN), report.took().toMillis() / 1000.0);
    out.flush();
  }

  private static String label(Verdict verdict) {
    return verdict == Verdict.NOT_RUN ? "NOT RUN" : verdict.name();
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }
}
