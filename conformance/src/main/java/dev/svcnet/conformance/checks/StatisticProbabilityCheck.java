package dev.svcnet.conformance.checks;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Counterexample;
import dev.svcnet.conformance.Progress;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The probability of every {@code statistic --mode random} rule comes back from the kernel exactly
 * as svcnet predicts (u32 rounding, {@code %.11f}), with iptables-legacy and iptables-nft: in a
 * fresh network namespace ({@code netns}), or inside a container ({@code container}; see
 * {@link NamespaceCheck}).
 * Probabilities are kube-proxy's {@code 1/n} strings and random values, drawn from the seed.
 */
public final class StatisticProbabilityCheck extends NamespaceCheck {

  @Override
  public String capability() {
    return "netfilter.statistic-probability";
  }

  @Override
  public String description() {
    return "statistic --mode random probabilities read back from the kernel as predicted";
  }

  @Override
  public CheckResult runInThisNamespace(Target target, Settings settings, Progress progress) {
    long started = System.nanoTime();
    List<String> probabilities = StatisticProbabilityRun.probabilities(settings);
    StatisticProbabilityRun.Outcome outcome;
    try {
      outcome = StatisticProbabilityRun.run(probabilities, settings.faultyModels());
    } catch (IOException e) {
      return new CheckResult(capability(), target, Verdict.NOT_RUN,
          e.getMessage() + " (install with: apt-get install iptables)", elapsed(started));
    } catch (Exception e) {
      return new CheckResult(capability(), target, Verdict.FAILED,
          "the check could not complete: " + e, elapsed(started));
    }
    if (!outcome.mismatches().isEmpty()) {
      Counterexample counterexample = new Counterexample(settings.seed(),
          describe(probabilities), probabilities.size(), describe(outcome.minimal()),
          outcome.minimal().size(), String.join("; ", outcome.minimalProblem()),
          Counterexample.reproduceCommand(target, capability(), settings));
      return new CheckResult(capability(), target, Verdict.FAILED,
          outcome.mismatches().size() + " mismatch(es) among " + probabilities.size()
              + " probabilities; shrunk to " + outcome.minimal().size() + ": "
              + counterexample.problem(), elapsed(started), counterexample, List.of());
    }
    return new CheckResult(capability(), target, Verdict.PASSED,
        settings.tries() + " probabilities x " + StatisticProbabilityRun.BACKENDS.size()
            + " backends", elapsed(started));
  }

  /** "N probabilities: a, b, c, ..." with at most ten listed. */
  private static String describe(List<String> probabilities) {
    String listed = String.join(", ", probabilities.subList(0, Math.min(10,
        probabilities.size())));
    return probabilities.size() + (probabilities.size() == 1 ? " probability: "
        : " probabilities: ") + listed + (probabilities.size() > 10 ? ", ..." : "");
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
