package dev.svcnet.conformance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one run of the suite found, for the terminal summary and the reports.
 *
 * @param settings the seed and tries used
 * @param targets the targets run, in order
 * @param results one result per capability and target
 * @param started when the run began
 * @param took how long it took
 */
public record SuiteReport(Settings settings, List<Target> targets, List<CheckResult> results,
    Instant started, Duration took) {

  public SuiteReport {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(took, "took");
    targets = List.copyOf(targets);
    results = List.copyOf(results);
  }

  public long count(Verdict verdict) {
    return results.stream().filter(r -> r.verdict() == verdict).count();
  }

  /** True when something that ran failed: the command's exit code is then 1. */
  public boolean anyFailed() {
    return count(Verdict.FAILED) > 0;
  }

  public List<CheckResult> resultsFor(Target target) {
    return results.stream().filter(r -> r.target() == target).toList();
  }
}
