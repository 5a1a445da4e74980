package dev.svcnet.conformance.checks;

import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.internal.ListShrinker;
import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statistic-probability property in the calling thread's network namespace, which it takes
 * over: its filter table is replaced. On a failure it shrinks the probabilities to the fewest and
 * shortest that still fail.
 */
final class StatisticProbabilityRun {

  static final List<String> BACKENDS = List.of("iptables-legacy", "iptables-nft");
  /** Probes (two restores and saves each) shrinking may spend. */
  private static final int SHRINK_PROBES = 300;
  private static final String CHAIN = "SVCNET-STATISTIC";
  private static final Pattern RULE = Pattern.compile(
      "-A " + CHAIN + " -m comment --comment \"?case-(\\d+)\"? -m statistic --mode random"
          + " --probability (\\S+) -j RETURN");

  /**
   * What one run found.
   *
   * @param mismatches every disagreement of the drawn probabilities (empty: passed)
   * @param minimal the shrunk failing probabilities (empty when passed)
   * @param minimalProblem the disagreements of the shrunk case
   */
  record Outcome(List<String> mismatches, List<String> minimal, List<String> minimalProblem) {}

  private StatisticProbabilityRun() {}

  /** Checks {@code probabilities}, and shrinks them if they fail. */
  static Outcome run(List<String> probabilities, boolean faulty) throws Exception {
    List<String> mismatches = mismatches(probabilities, faulty);
    if (mismatches.isEmpty()) {
      return new Outcome(List.of(), List.of(), List.of());
    }
    List<String> minimal = new ListShrinker<String>(
        candidate -> !mismatches(candidate, faulty).isEmpty(),
        StatisticProbabilityRun::simpler, SHRINK_PROBES).shrink(probabilities);
    return new Outcome(mismatches, minimal, mismatches(minimal, faulty));
  }

  /** Every disagreement between the kernel and the prediction, on both backends. */
  static List<String> mismatches(List<String> probabilities, boolean faulty) throws IOException {
    List<String> failures = new ArrayList<>();
    for (String backend : BACKENDS) {
      failures.addAll(checkBackend(backend, probabilities, faulty));
    }
    return failures;
  }

  /** Kube-proxy's strings for 1/n endpoints alternating with random 10-digit values. */
  static List<String> probabilities(Settings settings) {
    Random random = new Random(settings.seed());
    List<String> values = new ArrayList<>();
    for (int i = 0; i < settings.tries(); i++) {
      double value = i % 2 == 0 ? 1.0 / (1 + random.nextInt(1000)) : random.nextDouble();
      values.add(String.format(Locale.ROOT, "%.10f", value));
    }
    return values;
  }

  /** The same probability with fewer decimals, fewest first. */
  static List<String> simpler(String probability) {
    BigDecimal value = new BigDecimal(probability);
    List<String> shorter = new ArrayList<>();
    for (int scale = 1; scale < value.scale(); scale++) {
      String candidate = value.setScale(scale, RoundingMode.HALF_UP).toPlainString();
      if (!shorter.contains(candidate) && !candidate.equals(probability)) {
        shorter.add(candidate);
      }
    }
    return shorter;
  }

  private static List<String> checkBackend(String backend, List<String> probabilities,
      boolean faulty) throws IOException {
    StringBuilder payload = new StringBuilder("*filter\n:" + CHAIN + " - [0:0]\n");
    for (int i = 0; i < probabilities.size(); i++) {
      payload.append("-A ").append(CHAIN).append(" -m comment --comment case-").append(i)
          .append(" -m statistic --mode random --probability ").append(probabilities.get(i))
          .append(" -j RETURN\n");
    }
    payload.append("COMMIT\n");
    CommandResult restore = ExternalCommand.of(backend + "-restore", "-w")
        .withStdin(payload.toString()).run();
    if (!restore.succeeded()) {
      throw new IOException(restore.describe());
    }
    String saved = ExternalCommand.of(backend + "-save", "-t", "filter").runChecked();
    List<String> failures = new ArrayList<>();
    String[] seen = new String[probabilities.size()];
    Matcher matcher = RULE.matcher(saved);
    while (matcher.find()) {
      seen[Integer.parseInt(matcher.group(1))] = matcher.group(2);
    }
    for (int i = 0; i < probabilities.size(); i++) {
      String expected = KernelProbability.printed(KernelProbability.stored(probabilities.get(i)),
          faulty);
      if (!expected.equals(seen[i])) {
        failures.add(backend + ": --probability " + probabilities.get(i) + " read back as "
            + seen[i] + ", predicted " + expected);
      }
    }
    return failures;
  }
}
