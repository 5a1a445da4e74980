package dev.svcnet.conformance.checks;

import dev.svcnet.conformance.Check;
import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.NetworkNamespace;
import dev.svcnet.netlink.netns.Privileges;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The probability of every {@code statistic --mode random} rule comes back from the kernel exactly
 * as svcnet predicts (u32 rounding, {@code %.11f}), with iptables-legacy and iptables-nft, in a
 * fresh network namespace. Probabilities are kube-proxy's {@code 1/n} strings and random values,
 * drawn from the seed.
 */
public final class StatisticProbabilityCheck implements Check {

  static final List<String> BACKENDS = List.of("iptables-legacy", "iptables-nft");
  private static final String CHAIN = "SVCNET-STATISTIC";
  private static final Pattern RULE = Pattern.compile(
      "-A " + CHAIN + " -m comment --comment \"?case-(\\d+)\"? -m statistic --mode random"
          + " --probability (\\S+) -j RETURN");

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
    return Set.of(Target.NETNS);
  }

  @Override
  public CheckResult run(Target target, Settings settings) {
    if (!targets().contains(target)) {
      return CheckResult.notRun(capability(), target, "runs on netns only");
    }
    String missing = Privileges.missingForNamespaces();
    if (missing != null) {
      return CheckResult.notRun(capability(), target, missing);
    }
    long started = System.nanoTime();
    List<String> probabilities = probabilities(settings);
    List<String> failures = new ArrayList<>();
    try {
      for (String backend : BACKENDS) {
        failures.addAll(checkBackend(backend, probabilities));
      }
    } catch (IOException e) {
      return new CheckResult(capability(), target, Verdict.NOT_RUN,
          e.getMessage() + " (install with: apt-get install iptables iproute2)", elapsed(started));
    }
    if (!failures.isEmpty()) {
      return new CheckResult(capability(), target, Verdict.FAILED,
          failures.size() + " mismatch(es), first: " + failures.get(0)
              + " (reproduce: svcnet conformance --target=netns --seed=" + settings.seed() + ")",
          elapsed(started));
    }
    return new CheckResult(capability(), target, Verdict.PASSED,
        probabilities.size() + " probabilities x " + BACKENDS.size() + " backends",
        elapsed(started));
  }

  /** Kube-proxy's strings for 1..tries endpoints, then random 10-digit values, as one list. */
  static List<String> probabilities(Settings settings) {
    Random random = new Random(settings.seed());
    List<String> values = new ArrayList<>();
    for (int i = 0; i < settings.tries(); i++) {
      double value = i % 2 == 0 ? 1.0 / (1 + random.nextInt(1000)) : random.nextDouble();
      values.add(String.format(Locale.ROOT, "%.10f", value));
    }
    return values;
  }

  private static List<String> checkBackend(String backend, List<String> probabilities)
      throws IOException {
    StringBuilder payload = new StringBuilder("*filter\n:" + CHAIN + " - [0:0]\n");
    for (int i = 0; i < probabilities.size(); i++) {
      payload.append("-A ").append(CHAIN).append(" -m comment --comment case-").append(i)
          .append(" -m statistic --mode random --probability ").append(probabilities.get(i))
          .append(" -j RETURN\n");
    }
    payload.append("COMMIT\n");
    String saved;
    try (NetworkNamespace ns = NetworkNamespace.create("conformance-statistic")) {
      saved = ns.call(() -> {
        CommandResult restore = ExternalCommand.of(backend + "-restore", "-w")
            .withStdin(payload.toString()).run();
        if (!restore.succeeded()) {
          throw new IOException(restore.describe());
        }
        return ExternalCommand.of(backend + "-save", "-t", "filter").runChecked();
      });
    }
    List<String> failures = new ArrayList<>();
    String[] seen = new String[probabilities.size()];
    Matcher matcher = RULE.matcher(saved);
    while (matcher.find()) {
      seen[Integer.parseInt(matcher.group(1))] = matcher.group(2);
    }
    for (int i = 0; i < probabilities.size(); i++) {
      String expected = KernelProbability.printed(KernelProbability.stored(probabilities.get(i)));
      if (!expected.equals(seen[i])) {
        failures.add(backend + ": --probability " + probabilities.get(i) + " read back as "
            + seen[i] + ", predicted " + expected);
      }
    }
    return failures;
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
