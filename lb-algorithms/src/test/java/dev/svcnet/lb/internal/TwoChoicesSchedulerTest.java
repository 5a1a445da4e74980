package dev.svcnet.lb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.lb.Endpoint;
import dev.svcnet.lb.Packet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * twos is random, so it is checked by statistics (Debian's kernel does not build it, so there is
 * no kernel to compare with): the shares of 200,000 seeded picks against the exact probabilities
 * of ip_vs_twos.c's algorithm, by a chi-square goodness-of-fit test.
 *
 * <p>Exact probabilities: a point r uniform in {@code 0..T} (T = the eligible weights' sum) picks
 * the first eligible destination i with {@code r <= w1 + ... + wi}, so destination 1 has
 * {@code (w1 + 1) / (T + 1)} and every later one {@code wi / (T + 1)}. Two independent points give
 * choices c1, c2; c2 serves when {@code w(c2) * overhead(c1) > w(c1) * overhead(c2)}, else c1.
 */
class TwoChoicesSchedulerTest {

  private static final int PICKS = 200_000;
  /** The chi-square distribution's 0.999 quantile for 4 degrees of freedom (standard tables). */
  private static final double CRITICAL_4_DF = 18.467;

  private static final Packet PACKET =
      Packet.tcp(Endpoint.of("192.168.0.1", 5000), Endpoint.of("10.96.0.1", 80));

  /** List order: overloaded, then weights 1..4 and 0 with different loads, then weight 2 idle. */
  private static List<Dest> dests() {
    return List.of(
        Dests.dest(1, 5, 0, 0, true), // overloaded: not eligible
        Dests.dest(2, 1, 0, 3, false),
        Dests.dest(3, 2, 1, 0, false),
        Dests.dest(4, 0, 0, 0, false), // quiescent: not eligible
        Dests.dest(5, 3, 2, 5, false),
        Dests.dest(6, 4, 1, 1, false),
        Dests.dest(7, 2, 0, 0, false));
  }

  /** Each destination's probability of being picked, by the kernel's rule. */
  private static double[] exactShares(List<Dest> dests) {
    int n = dests.size();
    double[] choice = new double[n];
    int total = 0;
    for (Dest dest : dests) {
      if (!dest.overloaded && dest.weight > 0) {
        total += dest.weight;
      }
    }
    boolean first = true;
    for (int i = 0; i < n; i++) {
      Dest dest = dests.get(i);
      if (!dest.overloaded && dest.weight > 0) {
        choice[i] = (dest.weight + (first ? 1 : 0)) / (double) (total + 1);
        first = false;
      }
    }
    double[] shares = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        Dest c1 = dests.get(i);
        Dest c2 = dests.get(j);
        boolean second = c2.weight * c1.overhead() > c1.weight * c2.overhead();
        shares[second ? j : i] += choice[i] * choice[j];
      }
    }
    return shares;
  }

  private static long[] counts(long seed) {
    List<Dest> dests = dests();
    TwoChoicesScheduler twos = new TwoChoicesScheduler(seed);
    long[] counts = new long[dests.size()];
    for (int p = 0; p < PICKS; p++) {
      counts[dests.indexOf(twos.schedule(dests, PACKET))]++;
    }
    return counts;
  }

  /** Pearson's statistic over the destinations with a positive expected share. */
  private static double chiSquare(long[] counts, double[] shares) {
    double statistic = 0;
    for (int i = 0; i < counts.length; i++) {
      if (shares[i] > 0) {
        double expected = shares[i] * PICKS;
        statistic += (counts[i] - expected) * (counts[i] - expected) / expected;
      }
    }
    return statistic;
  }

  @Test
  void picksFollowTheExactProbabilitiesOfTheKernelsAlgorithm() {
    double[] shares = exactShares(dests());
    long[] counts = counts(20261126L);
    assertThat(counts[0]).as("overloaded").isZero();
    assertThat(counts[3]).as("weight 0").isZero();
    assertThat(chiSquare(counts, shares)).as("chi-square, 4 degrees of freedom; counts %s",
        java.util.Arrays.toString(counts)).isLessThan(CRITICAL_4_DF);
  }

  /** The same test rejects plain weighted-random shares, so it can tell the rules apart. */
  @Test
  void theTestRejectsSharesProportionalToWeightAlone() {
    List<Dest> dests = dests();
    double total = 1 + 2 + 3 + 4 + 2;
    double[] naive = new double[dests.size()];
    for (int i = 0; i < dests.size(); i++) {
      Dest dest = dests.get(i);
      naive[i] = dest.overloaded ? 0 : dest.weight / total;
    }
    assertThat(chiSquare(counts(20261126L), naive)).isGreaterThan(CRITICAL_4_DF);
  }
}
