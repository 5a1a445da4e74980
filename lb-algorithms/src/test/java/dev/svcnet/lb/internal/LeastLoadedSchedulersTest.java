package dev.svcnet.lb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * lc, wlc, sed and nq always pick a minimum by their kernel formula, the first in list order among
 * equals (ipvs.md §4.3–4.6). The oracle states the rule directly, as "first element minimising a
 * ratio", instead of the kernel's scan.
 */
class LeastLoadedSchedulersTest {

  /** weight 0..4, active 0..5, inactive 0..600, overloaded 1 time in 5. */
  private static Gen<List<Dest>> destLists() {
    Gen<Dest> dest = integers().between(0, 4).zip(integers().between(0, 5),
        integers().between(0, 600), integers().between(0, 4),
        (w, a, i, o) -> Dests.dest(0, w, a, i, o == 0));
    return lists().of(dest).ofSizeBetween(0, 8).map(list -> {
      List<Dest> numbered = new ArrayList<>();
      for (int k = 0; k < list.size(); k++) {
        Dest d = list.get(k);
        numbered.add(Dests.dest(k + 1, d.weight, d.activeConns, d.inactiveConns, d.overloaded));
      }
      return numbered;
    });
  }

  private static Dest firstMinimum(List<Dest> dests, Predicate<Dest> eligible,
      ToLongFunction<Dest> overhead, boolean perWeight) {
    Comparator<Dest> order = perWeight
        ? (a, b) -> Long.compare(overhead.applyAsLong(a) * b.weight,
            overhead.applyAsLong(b) * a.weight)
        : Comparator.comparingLong(overhead);
    return dests.stream().filter(eligible)
        .reduce((best, next) -> order.compare(next, best) < 0 ? next : best).orElse(null);
  }

  private static boolean usable(Dest d) {
    return !d.overloaded && d.weight > 0;
  }

  @Test
  void lcPicksTheFirstMinimalActiveTimes256PlusInactive() {
    qt().forAll(destLists()).checkAssert(dests -> assertThat(
        new LeastConnectionScheduler().schedule(dests, null))
        .isSameAs(firstMinimum(dests, LeastLoadedSchedulersTest::usable,
            d -> d.activeConns * 256L + d.inactiveConns, false)));
  }

  @Test
  void wlcPicksTheFirstMinimalOverheadPerWeight() {
    qt().forAll(destLists()).checkAssert(dests -> assertThat(
        WeightedLeastScheduler.wlc().schedule(dests, null))
        .isSameAs(firstMinimum(dests, LeastLoadedSchedulersTest::usable,
            d -> d.activeConns * 256L + d.inactiveConns, true)));
  }

  @Test
  void sedPicksTheFirstMinimalActivePlusOnePerWeight() {
    qt().forAll(destLists()).checkAssert(dests -> assertThat(
        WeightedLeastScheduler.sed().schedule(dests, null))
        .isSameAs(firstMinimum(dests, LeastLoadedSchedulersTest::usable,
            d -> d.activeConns + 1L, true)));
  }

  @Test
  void nqPicksTheFirstIdleElseAsSed() {
    qt().forAll(destLists()).checkAssert(dests -> {
      Dest idle = dests.stream().filter(d -> usable(d) && d.activeConns == 0).findFirst()
          .orElse(null);
      Dest expected = idle != null ? idle : firstMinimum(dests, LeastLoadedSchedulersTest::usable,
          d -> d.activeConns + 1L, true);
      assertThat(new NeverQueueScheduler().schedule(dests, null)).isSameAs(expected);
    });
  }

  @Test
  void wlcIgnoresInactiveBelow256PerActiveConnectionOnlyThroughTheFormula() {
    // rs1 (first in list) weight 1, 1 active = overhead 256; rs2 weight 2, 0 active 300 inactive
    // = overhead 300. 256 * 2 = 512 > 300 * 1: rs2 wins.
    List<Dest> dests = List.of(Dests.dest(1, 1, 1, 0, false), Dests.dest(2, 2, 0, 300, false));
    assertThat(WeightedLeastScheduler.wlc().schedule(dests, null)).isSameAs(dests.get(1));
    // sed ignores inactive connections: (1+1)*2 = 4 > (0+1)*1 = 1: rs2 again.
    assertThat(WeightedLeastScheduler.sed().schedule(dests, null)).isSameAs(dests.get(1));
    // lc: 256 < 300, rs1.
    assertThat(new LeastConnectionScheduler().schedule(dests, null)).isSameAs(dests.get(0));
  }

  @Test
  void foPicksTheFirstHighestWeightAndOvfSkipsThoseAboveTheirWeight() {
    List<Dest> dests = List.of(Dests.dest(1, 3, 4, 0, false), Dests.dest(2, 5, 6, 0, false),
        Dests.dest(3, 5, 0, 0, false), Dests.dest(4, 2, 0, 0, true));
    assertThat(new WeightedFailoverScheduler().schedule(dests, null)).isSameAs(dests.get(1));
    // ovf: rs1 (4 > 3) and rs2 (6 > 5) are full, rs4 overloaded: rs3.
    assertThat(new OverflowScheduler().schedule(dests, null)).isSameAs(dests.get(2));
  }
}
