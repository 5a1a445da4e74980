package dev.svcnet.conformance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one run of the suite found, for the terminal summary and the reports.
 *
 * @param settings the seed and tries used
 * @param columns one per target run, in order, each with its results
 * @param started when the run began
 * @param took how long it took
 */
public record SuiteReport(Settings settings, List<Column> columns, Instant started,
    Duration took) {

  /**
   * What one target run found.
   *
   * @param run the target (and kernel)
   * @param environment what it ran on, e.g. {@code this machine's kernel 6.8.0-45-generic} or
   *     the Debian kernel version and package booted under QEMU
   * @param results one result per capability
   */
  public record Column(TargetRun run, String environment, List<CheckResult> results) {
    public Column {
      Objects.requireNonNull(run, "run");
      Objects.requireNonNull(environment, "environment");
      results = List.copyOf(results);
    }
  }

  public SuiteReport {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(took, "took");
    columns = List.copyOf(columns);
  }

  /** A report with one column per target (default kernels, environment not recorded). */
  public SuiteReport(Settings settings, List<Target> targets, List<CheckResult> results,
      Instant started, Duration took) {
    this(settings, targets.stream().map(target -> new Column(TargetRun.of(target), "",
        results.stream().filter(r -> r.target() == target).toList())).toList(), started, took);
  }

  /** The targets run, in order (a target with several kernels appears once per kernel). */
  public List<Target> targets() {
    return columns.stream().map(c -> c.run().target()).toList();
  }

  /** Every result of every column. */
  public List<CheckResult> results() {
    return columns.stream().flatMap(c -> c.results().stream()).toList();
  }

  public long count(Verdict verdict) {
    return results().stream().filter(r -> r.verdict() == verdict).count();
  }

  /** True when something that ran failed: the command's exit code is then 1. */
  public boolean anyFailed() {
    return count(Verdict.FAILED) > 0;
  }

  /** The results on {@code target}, of all its columns. */
  public List<CheckResult> resultsFor(Target target) {
    return results().stream().filter(r -> r.target() == target).toList();
  }
}
