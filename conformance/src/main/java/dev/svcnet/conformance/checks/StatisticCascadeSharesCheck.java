package dev.svcnet.conformance.checks;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Counterexample;
import dev.svcnet.conformance.Progress;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.ShareChart;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.conformance.internal.ListShrinker;
import dev.svcnet.lb.StatisticCascade;
import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Traffic through kube-proxy's cascade of {@code statistic --mode random} rules splits the way
 * lb-algorithms' {@link StatisticCascade} predicts: for random endpoint counts (drawn from the
 * seed) the cascade is loaded with iptables-nft-restore in a fresh namespace or a container (see
 * {@link NamespaceCheck}), UDP packets are sent
 * through it on the loopback interface, and each endpoint's share (from the rules' packet
 * counters) must lie within five standard deviations of the predicted share. Endpoint counts
 * that fail shrink to the fewest and smallest.
 */
public final class StatisticCascadeSharesCheck extends NamespaceCheck {

  /** Cascades per run are capped: each sends {@value #PACKETS_PER_ENDPOINT} packets an endpoint. */
  static final int MAX_CASCADES = 8;
  static final int PACKETS_PER_ENDPOINT = 3000;
  private static final int MAX_ENDPOINTS = 10;
  private static final int CHARTS = 4;
  private static final int PORT = 9;
  private static final double SIGMAS = 5.0;
  private static final Pattern COUNTER = Pattern.compile(
      "(?m)^\\[(\\d+):\\d+\\] -A SVCNET-CASCADE .*-j SVCNET-EP-(\\d+)$");

  @Override
  public String capability() {
    return "netfilter.statistic-cascade-shares";
  }

  @Override
  public String description() {
    return "traffic through kube-proxy's statistic cascade splits as svcnet predicts";
  }

  /** The endpoint counts to try: 2..10, drawn from the seed. */
  static List<Integer> endpointCounts(Settings settings) {
    Random random = new Random(settings.seed() ^ 0x5EED_CA5CL);
    List<Integer> counts = new ArrayList<>();
    for (int i = 0; i < Math.min(settings.tries(), MAX_CASCADES); i++) {
      counts.add(2 + random.nextInt(MAX_ENDPOINTS - 1));
    }
    return counts;
  }

  /** One cascade's result: observed and predicted shares per endpoint, and what disagreed. */
  record Measured(int endpoints, List<Double> observed, List<Double> predicted,
      List<String> problems) {}

  @Override
  public CheckResult runInThisNamespace(Target target, Settings settings, Progress progress) {
    long started = System.nanoTime();
    List<Integer> counts = endpointCounts(settings);
    boolean faulty = settings.faultyModels();
    try {
      List<Measured> measured = new ArrayList<>();
      for (int n : counts) {
        measured.add(measure(n, faulty));
        progress.update(measured.size(), counts.size());
      }
      List<ShareChart> charts = measured.stream().limit(CHARTS).map(m -> new ShareChart(
          "statistic cascade, " + m.endpoints() + " endpoints: share of "
              + PACKETS_PER_ENDPOINT * m.endpoints() + " packets",
          java.util.stream.IntStream.range(0, m.endpoints()).mapToObj(i -> "ep " + i).toList(),
          "kernel (observed)", m.observed(), "svcnet (predicted)", m.predicted())).toList();
      List<String> problems = measured.stream().flatMap(m -> m.problems().stream()).toList();
      if (problems.isEmpty()) {
        return new CheckResult(capability(), target, Verdict.PASSED, counts.size()
            + " cascades (" + counts + " endpoints), every share within " + (int) SIGMAS
            + " sigma", elapsed(started), null, charts);
      }
      List<Integer> minimal = new ListShrinker<Integer>(
          candidate -> anyFails(candidate, faulty),
          n -> n > 2 ? List.of(2, n - 1) : List.of(), 40).shrink(counts);
      List<String> minimalProblems = new ArrayList<>();
      for (int n : minimal) {
        minimalProblems.addAll(measure(n, faulty).problems());
      }
      Counterexample counterexample = new Counterexample(settings.seed(),
          "cascades of " + counts + " endpoints", counts.size(),
          "cascades of " + minimal + " endpoints", minimal.size(),
          minimalProblems.isEmpty() ? "(passed when measured again: a statistical fluke?)"
              : String.join("; ", minimalProblems),
          Counterexample.reproduceCommand(target, capability(), settings));
      return new CheckResult(capability(), target, Verdict.FAILED, problems.size()
          + " share(s) off; shrunk to " + counterexample.minimal() + ": "
          + counterexample.problem(), elapsed(started), counterexample, charts);
    } catch (IOException e) {
      return new CheckResult(capability(), target, Verdict.NOT_RUN,
          e.getMessage() + " (install with: apt-get install iptables)", elapsed(started));
    } catch (Exception e) {
      return new CheckResult(capability(), target, Verdict.FAILED,
          "the check could not complete: " + e, elapsed(started));
    }
  }

  private static boolean anyFails(List<Integer> endpointCounts, boolean faulty)
      throws IOException {
    for (int n : endpointCounts) {
      if (!measure(n, faulty).problems().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * In the calling thread's namespace: loads the cascade, sends the packets, reads the counters.
   */
  static Measured measure(int endpoints, boolean faulty) throws IOException {
    StatisticCascade cascade = StatisticCascade.forEndpoints(endpoints);
    StringBuilder payload = new StringBuilder("*filter\n:INPUT ACCEPT [0:0]\n"
        + ":FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:SVCNET-CASCADE - [0:0]\n");
    for (int i = 0; i < endpoints; i++) {
      payload.append(":SVCNET-EP-").append(i).append(" - [0:0]\n");
    }
    payload.append("-A OUTPUT -d 127.0.0.1/32 -p udp -m udp --dport ").append(PORT)
        .append(" -j SVCNET-CASCADE\n");
    for (int i = 0; i < endpoints; i++) {
      payload.append("-A SVCNET-CASCADE ");
      if (i < endpoints - 1) {
        payload.append("-m statistic --mode random --probability ")
            .append(cascade.rules().get(i).kubeProxyProbability()).append(' ');
      }
      payload.append("-j SVCNET-EP-").append(i).append('\n');
    }
    // As in kube-proxy's endpoint chains, a packet that reached one leaves the cascade.
    for (int i = 0; i < endpoints; i++) {
      payload.append("-A SVCNET-EP-").append(i).append(" -j ACCEPT\n");
    }
    payload.append("COMMIT\n");
    CommandResult restore = ExternalCommand.of("iptables-nft-restore", "-w")
        .withStdin(payload.toString()).run();
    if (!restore.succeeded()) {
      throw new IOException(restore.describe());
    }
    int packets = PACKETS_PER_ENDPOINT * endpoints;
    try (DatagramChannel channel = DatagramChannel.open()) {
      InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT);
      ByteBuffer one = ByteBuffer.allocate(1);
      for (int p = 0; p < packets; p++) {
        one.clear();
        channel.send(one, to);
      }
    }
    String saved = ExternalCommand.of("iptables-nft-save", "-c", "-t", "filter").runChecked();
    long[] hits = new long[endpoints];
    Matcher matcher = COUNTER.matcher(saved);
    while (matcher.find()) {
      hits[Integer.parseInt(matcher.group(2))] = Long.parseLong(matcher.group(1));
    }
    List<Double> observed = new ArrayList<>();
    List<Double> predicted = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<BigDecimal> shares = faulty ? everyRuleOneInN(endpoints) : cascade.shares();
    for (int i = 0; i < endpoints; i++) {
      double expected = shares.get(i).doubleValue();
      double sigma = Math.sqrt(packets * expected * (1 - expected));
      observed.add(hits[i] / (double) packets);
      predicted.add(expected);
      if (Math.abs(hits[i] - packets * expected) > SIGMAS * sigma + 1) {
        problems.add(String.format(java.util.Locale.ROOT,
            "%d endpoints: endpoint %d got %d of %d packets, predicted %.1f +- %.1f",
            endpoints, i, hits[i], packets, packets * expected, SIGMAS * sigma));
      }
    }
    return new Measured(endpoints, observed, predicted, problems);
  }

  /**
   * The test-only fault switch's wrong model: as if every rule were "1 in n" (the classic
   * mistake), so the shares fall off geometrically instead of being even.
   */
  private static List<BigDecimal> everyRuleOneInN(int endpoints) {
    List<BigDecimal> shares = new ArrayList<>();
    double remaining = 1.0;
    for (int i = 0; i < endpoints - 1; i++) {
      shares.add(BigDecimal.valueOf(remaining / endpoints));
      remaining -= remaining / endpoints;
    }
    shares.add(BigDecimal.valueOf(remaining));
    return shares;
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
