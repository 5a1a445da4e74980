package dev.svcnet.conformance;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one check found on one target. {@code detail} is the failure's summary, the missing
 * prerequisite for {@link Verdict#NOT_RUN}, or a short summary for a pass.
 *
 * @param counterexample for a failure of a property: the shrunk case and how to reproduce it;
 *     null otherwise
 * @param charts for the reports: observed against expected shares, measurements (may be
 *     empty)
 */
public record CheckResult(String capability, Target target, Verdict verdict, String detail,
    Duration took, Counterexample counterexample, List<? extends Chart> charts) {

  public CheckResult {
    Objects.requireNonNull(capability, "capability");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(took, "took");
    charts = List.copyOf(charts);
    if (counterexample != null && verdict != Verdict.FAILED) {
      throw new IllegalArgumentException("only a failed result has a counterexample");
    }
  }

  public CheckResult(String capability, Target target, Verdict verdict, String detail,
      Duration took) {
    this(capability, target, verdict, detail, took, null, List.of());
  }

  public static CheckResult notRun(String capability, Target target, String reason) {
    return new CheckResult(capability, target, Verdict.NOT_RUN, reason, Duration.ZERO);
  }

  public Optional<Counterexample> failingCase() {
    return Optional.ofNullable(counterexample);
  }
}
