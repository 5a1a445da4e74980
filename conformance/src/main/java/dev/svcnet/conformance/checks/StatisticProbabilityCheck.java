package dev.svcnet.conformance.checks;

import dev.svcnet.conformance.Check;
import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Counterexample;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.harness.container.DockerAvailability;
import dev.svcnet.harness.container.NetToolsContainer;
import dev.svcnet.harness.container.NetToolsImage;
import dev.svcnet.netlink.netns.NetworkNamespace;
import dev.svcnet.netlink.netns.Privileges;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container;

/**
 * The probability of every {@code statistic --mode random} rule comes back from the kernel exactly
 * as svcnet predicts (u32 rounding, {@code %.11f}), with iptables-legacy and iptables-nft: in a
 * fresh network namespace ({@code netns}), or inside a container ({@code container}).
 * Probabilities are kube-proxy's {@code 1/n} strings and random values, drawn from the seed.
 */
public final class StatisticProbabilityCheck implements Check {

  @Override
  public String capability() {
    return "netfilter.statistic-probability";
  }

  @Override
  public String description() {
    return "statistic --mode random probabilities read back from the kernel as predicted";
  }

  @Override
  public Set<Target> targets() {
    return Set.of(Target.NETNS, Target.CONTAINER);
  }

  @Override
  public CheckResult run(Target target, Settings settings) {
    if (!targets().contains(target)) {
      return CheckResult.notRun(capability(), target, "runs on the netns and container targets");
    }
    long started = System.nanoTime();
    List<String> probabilities = StatisticProbabilityRun.probabilities(settings);
    StatisticProbabilityRun.Outcome outcome;
    try {
      if (target == Target.NETNS) {
        String missing = Privileges.missingForNamespaces();
        if (missing != null) {
          return CheckResult.notRun(capability(), target, missing);
        }
        try (NetworkNamespace ns = NetworkNamespace.create("conformance-statistic")) {
          outcome = ns.call(() -> StatisticProbabilityRun.run(probabilities,
              settings.faultyModels()));
        }
      } else {
        DockerAvailability docker = DockerAvailability.probe();
        if (!docker.available()) {
          return CheckResult.notRun(capability(), target, docker.reason());
        }
        outcome = inContainer(settings);
      }
    } catch (IOException e) {
      return new CheckResult(capability(), target, Verdict.NOT_RUN,
          e.getMessage() + " (install with: apt-get install iptables iproute2)", elapsed(started));
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

  /**
   * Runs {@link StatisticProbabilityRun} inside a container of svcnet's network-tools image
   * (its own network namespace, NET_ADMIN and NET_RAW only), with this JVM's class path mounted
   * read-only at the same paths.
   */
  private static StatisticProbabilityRun.Outcome inContainer(Settings settings)
      throws IOException {
    try (NetToolsContainer box = new NetToolsContainer(NetToolsImage.ensure())) {
      // Under Surefire java.class.path is a manifest-only jar; the real entries are here.
      String path = System.getProperty("surefire.test.class.path",
          System.getProperty("java.class.path"));
      List<String> classPath = List.of(path.split(java.io.File.pathSeparator)).stream()
          .filter(entry -> new java.io.File(entry).exists()).toList();
      for (String entry : classPath) {
        box.withFileSystemBind(entry, entry, BindMode.READ_ONLY);
      }
      box.start();
      Container.ExecResult result;
      try {
        result = box.execInContainer(box.javaCommand(), "-cp",
            String.join(java.io.File.pathSeparator, classPath),
            StatisticProbabilityRun.class.getName(), Long.toString(settings.seed()),
            Integer.toString(settings.tries()), Boolean.toString(settings.faultyModels()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while running the check in the container", e);
      }
      List<String> mismatches = linesAfter(result.getStdout(), StatisticProbabilityRun.MISMATCH);
      if (result.getExitCode() != 0 && mismatches.isEmpty()) {
        throw new IOException("the check failed to run in the container (exit "
            + result.getExitCode() + "): " + result.getStderr().strip());
      }
      return new StatisticProbabilityRun.Outcome(mismatches,
          linesAfter(result.getStdout(), StatisticProbabilityRun.MINIMAL),
          linesAfter(result.getStdout(), StatisticProbabilityRun.PROBLEM));
    }
  }

  private static List<String> linesAfter(String output, String prefix) {
    List<String> found = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (line.startsWith(prefix)) {
        found.add(line.substring(prefix.length()));
      }
    }
    return found;
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
