package dev.svcnet.conformance;

import java.time.Duration;
import java.util.Objects;

/**
 * What one check found on one target. {@code detail} is the counterexample for a failure, the
 * missing prerequisite for {@link Verdict#NOT_RUN}, or a short summary for a pass.
 */
public record CheckResult(String capability, Target target, Verdict verdict, String detail,
    Duration took) {

  public CheckResult {
    Objects.requireNonNull(capability, "capability");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(took, "took");
  }

  public static CheckResult notRun(String capability, Target target, String reason) {
    return new CheckResult(capability, target, Verdict.NOT_RUN, reason, Duration.ZERO);
  }
}
