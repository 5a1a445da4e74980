package dev.svcnet.conformance.checks;

import dev.svcnet.conformance.Settings;
import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statistic-probability property in the calling thread's network namespace, which it takes
 * over: its filter table is replaced. As a program ({@code main SEED TRIES}) it runs inside a
 * container and prints one {@value #MISMATCH} line per disagreement; exit code 1 if any.
 */
public final class StatisticProbabilityRun {

  static final List<String> BACKENDS = List.of("iptables-legacy", "iptables-nft");
  static final String MISMATCH = "MISMATCH ";
  private static final String CHAIN = "SVCNET-STATISTIC";
  private static final Pattern RULE = Pattern.compile(
      "-A " + CHAIN + " -m comment --comment \"?case-(\\d+)\"? -m statistic --mode random"
          + " --probability (\\S+) -j RETURN");

  private StatisticProbabilityRun() {}

  public static void main(String[] args) throws IOException {
    List<String> mismatches = mismatches(
        new Settings(Long.parseLong(args[0]), Integer.parseInt(args[1])));
    for (String mismatch : mismatches) {
      System.out.println(MISMATCH + mismatch);
    }
    System.exit(mismatches.isEmpty() ? 0 : 1);
  }

  /** Every disagreement between the kernel and the prediction, on both backends. */
  static List<String> mismatches(Settings settings) throws IOException {
    List<String> probabilities = probabilities(settings);
    List<String> failures = new ArrayList<>();
    for (String backend : BACKENDS) {
      failures.addAll(checkBackend(backend, probabilities));
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

  private static List<String> checkBackend(String backend, List<String> probabilities)
      throws IOException {
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
      String expected = KernelProbability.printed(KernelProbability.stored(probabilities.get(i)));
      if (!expected.equals(seen[i])) {
        failures.add(backend + ": --probability " + probabilities.get(i) + " read back as "
            + seen[i] + ", predicted " + expected);
      }
    }
    return failures;
  }
}
