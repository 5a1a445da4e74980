package dev.svcnet.conformance;

import dev.svcnet.conformance.checks.IpvsRoundTripCheck;
import dev.svcnet.conformance.checks.StatisticProbabilityCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/** Every check svcnet has, run against one target. */
public final class ConformanceSuite {

  private final List<Check> checks;

  public ConformanceSuite(List<Check> checks) {
    this.checks = List.copyOf(checks);
  }

  /** The suite with all built-in checks. */
  public static ConformanceSuite standard() {
    return new ConformanceSuite(List.of(new StatisticProbabilityCheck(), new IpvsRoundTripCheck()));
  }

  public List<Check> checks() {
    return checks;
  }

  /**
   * Runs every check that supports {@code target}, reporting each result to {@code progress} as
   * it finishes. A target no check supports yields one NOT_RUN result saying so.
   */
  public List<CheckResult> run(Target target, Settings settings, Consumer<CheckResult> progress) {
    Objects.requireNonNull(progress, "progress");
    List<CheckResult> results = new ArrayList<>();
    for (Check check : checks) {
      if (check.targets().contains(target)) {
        CheckResult result = check.run(target, settings);
        progress.accept(result);
        results.add(result);
      }
    }
    if (results.isEmpty()) {
      CheckResult none = CheckResult.notRun("suite", target,
          "this version has no checks for the " + target.cliName() + " target yet");
      progress.accept(none);
      results.add(none);
    }
    return results;
  }
}
