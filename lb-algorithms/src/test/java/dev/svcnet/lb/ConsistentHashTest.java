package dev.svcnet.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.svcnet.lb.internal.JumpHashBalancer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ConsistentHashTest {

  private static List<Backend> backends(int n) {
    List<Backend> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(Backend.of("10.1." + (i / 250) + "." + (i % 250 + 1) + ":8080"));
    }
    return list;
  }

  private static Map<String, Integer> countEntries(Balancer balancer, int keys, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < keys; i++) {
      counts.merge(balancer.pick(random.nextLong()).id(), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * Removes backend {@code removed} and returns the fraction of keys that moved although their
   * backend stayed (0 = the minimum possible disruption).
   */
  private static double extraMoved(Supplier<Balancer> factory, int n, int removed, int keys,
      long seed) {
    Balancer before = factory.get();
    List<Backend> all = backends(n);
    before.update(all);
    Balancer after = factory.get();
    List<Backend> rest = new ArrayList<>(all);
    String gone = rest.remove(removed).id();
    after.update(rest);
    SplittableRandom random = new SplittableRandom(seed);
    int extra = 0;
    for (int i = 0; i < keys; i++) {
      long key = random.nextLong();
      Backend was = before.pick(key);
      if (!was.id().equals(gone) && !was.equals(after.pick(key))) {
        extra++;
      }
    }
    return (double) extra / keys;
  }

  @Test
  void maglevWeights1To2TakeEnvoys21846And43691Of65537Entries() {
    Balancer maglev = Balancers.maglev();
    maglev.update(List.of(new Backend("a", 1), new Backend("b", 2)));
    // each entry is hit by exactly one residue of the key modulo 65537
    Map<String, Integer> counts = new HashMap<>();
    for (long key = 0; key < 65537; key++) {
      counts.merge(maglev.pick(key).id(), 1, Integer::sum);
    }
    assertThat(counts).containsEntry("a", 21846).containsEntry("b", 43691);
  }

  @Test
  void maglevWithEqualWeightsGivesEveryBackendFloorOrCeilingOfMOverN() {
    qt().withExamples(20).forAll(integers().between(1, 60)).checkAssert(n -> {
      Balancer maglev = Balancers.maglev(4099);
      maglev.update(backends(n));
      Map<String, Integer> counts = new HashMap<>();
      for (long key = 0; key < 4099; key++) {
        counts.merge(maglev.pick(key).id(), 1, Integer::sum);
      }
      assertThat(counts).hasSize(n);
      assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(4099 / n,
          (4099 + n - 1) / n));
    });
  }

  @Test
  void maglevMovesCloseToTheMinimumOnRemoval() {
    qt().withExamples(15).forAll(integers().between(5, 60), integers().between(0, 1_000_000))
        .checkAssert((n, r) -> assertThat(extraMoved(Balancers::maglev, n, r % n, 20_000, r))
            .as("keys moved between surviving backends").isLessThan(0.02));
  }

  @Test
  void ringHashWithAFixedPointCountPerBackendMovesOnlyTheRemovedBackendsKeys() {
    // minimum ring size 1: one point per backend whatever n is, so no point moves
    qt().withExamples(15).forAll(integers().between(2, 40), integers().between(0, 1_000_000))
        .checkAssert((n, r) -> assertThat(extraMoved(
            () -> Balancers.ringHash(1, Balancers.DEFAULT_MAX_RING_SIZE), n, r % n, 20_000, r))
            .isZero());
  }

  @Test
  void ringHashWithEnvoySizingMovesLittleMoreThanTheNewPointsTake() {
    // Envoy gives each of n equal backends ceil(1024 / n) points, so removing one adds points
    // to each survivor; only those new points can take keys from other survivors. A reshuffle
    // would move (n-2)/(n-1) of the keys.
    qt().withExamples(15).forAll(integers().between(3, 40), integers().between(0, 1_000_000))
        .checkAssert((n, r) -> {
          double newPointShare = 1 - Math.ceil(1024.0 / n) / Math.ceil(1024.0 / (n - 1));
          assertThat(extraMoved(Balancers::ringHash, n, r % n, 20_000, r))
              .isLessThan(newPointShare + 0.03);
        });
  }

  @Test
  void jumpHashMovesOnlyTheLastBackendsKeysWhenItIsRemoved() {
    qt().withExamples(30).forAll(integers().between(2, 200), integers().between(0, 1_000_000))
        .checkAssert((n, r) -> assertThat(
            extraMoved(Balancers::jumpHash, n, n - 1, 5_000, r)).isZero());
  }

  @Test
  void jumpHashBucketsOnlyEverJumpToTheNewBucket() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 20_000; i++) {
      long key = random.nextLong();
      int n = 1 + random.nextInt(1000);
      int before = JumpHashBalancer.bucket(key, n);
      int after = JumpHashBalancer.bucket(key, n + 1);
      assertThat(before).isBetween(0, n - 1);
      assertThat(after).isIn(before, n);
    }
  }

  @Test
  void ringHashSizeFollowsEnvoysMinimum() {
    // equal weights, 3 backends: scale = ceil(1024 / 3) * 3 = 1026 points
    Balancer ring = Balancers.ringHash();
    ring.update(backends(3));
    Map<String, Integer> counts = countEntries(ring, 90_000, 3);
    assertThat(counts).hasSize(3);
    assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(25_000, 35_000));
  }

  @Test
  void ringHashSharesFollowWeights() {
    Balancer ring = Balancers.ringHash();
    ring.update(List.of(new Backend("a", 1), new Backend("b", 3)));
    Map<String, Integer> counts = countEntries(ring, 100_000, 5);
    assertThat(counts.get("b") / (double) counts.get("a")).isBetween(2.5, 3.6);
  }
}
