package dev.svcnet.cli;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.ConformanceSuite;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code svcnet conformance}: runs the conformance suite against a target and reports. */
@Command(
    name = "conformance",
    mixinStandardHelpOptions = true,
    description = "Check that the kernel behaves as Kubernetes service networking needs and as"
        + " svcnet models it. Exit code 1 if any check failed.")
final class ConformanceCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--target", paramLabel = "TARGET", defaultValue = "netns",
      description = "netns (default), vm, container or cluster")
  String target;

  @Option(names = "--tries", paramLabel = "N", defaultValue = "" + Settings.DEFAULT_TRIES,
      description = "random cases per property (default: ${DEFAULT-VALUE})")
  int tries;

  @Option(names = "--seed", paramLabel = "S",
      description = "seed for the random cases (default: a fresh one, printed)")
  Long seed;

  @Override
  public Integer call() {
    Target chosen;
    Settings settings;
    try {
      chosen = Target.parse(target);
      settings = new Settings(seed != null ? seed : new SecureRandom().nextLong(), tries);
    } catch (IllegalArgumentException e) {
      String option = e.getMessage().startsWith("tries") ? "--tries" : "--target";
      throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("svcnet conformance: target %s, seed %d, tries %d%n",
        chosen.cliName(), settings.seed(), settings.tries());
    out.flush();
    List<CheckResult> results = ConformanceSuite.standard().run(chosen, settings, result -> {
      out.printf("  %-8s %-36s %s (%.1f s)%n", label(result.verdict()), result.capability(),
          result.detail(), result.took().toMillis() / 1000.0);
      out.flush();
    });
    long passed = count(results, Verdict.PASSED);
    long failed = count(results, Verdict.FAILED);
    long notRun = count(results, Verdict.NOT_RUN);
    out.printf(Locale.ROOT, "%d passed, %d failed, %d not run%n", passed, failed, notRun);
    return failed > 0 ? 1 : 0;
  }

  private static String label(Verdict verdict) {
    return verdict == Verdict.NOT_RUN ? "NOT RUN" : verdict.name();
  }

  private static long count(List<CheckResult> results, Verdict verdict) {
    return results.stream().filter(r -> r.verdict() == verdict).count();
  }
}
