package dev.svcnet.lb;

import static dev.svcnet.lb.Scenario.picks;
import static dev.svcnet.lb.Scenario.rs;
import static dev.svcnet.lb.Scenario.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightedRoundRobinTest {

  @Test
  void listOrderA4B3C2SettlesIntoTheSpecCycle() {
    // Added C, B, A so that the list (newest first) is A(4), B(3), C(2).
    IpvsService wrr = service(IpvsScheduler.WRR, 2, 3, 4);
    Endpoint a = rs(3);
    Endpoint b = rs(2);
    Endpoint c = rs(1);
    // Adding C set cw = mw = 1; adding B and A kept cw = 1 (not 0, not above the new mw, gcd 1),
    // so the first pass is at cw 1. From the wrap to cw = mw = 4 on, the ipvs.md cycle repeats.
    assertThat(picks(wrr, 3)).containsExactly(a, b, c);
    List<Endpoint> cycle = List.of(a, a, b, a, b, c, a, b, c);
    assertThat(picks(wrr, 9)).isEqualTo(cycle);
    assertThat(picks(wrr, 9)).isEqualTo(cycle);
  }

  @Test
  void wrrCycleIsProportionalToWeightOverGcd() {
    qt().withExamples(200)
        .forAll(lists().of(integers().between(1, 12)).ofSizeBetween(1, 6), integers().between(1, 5))
        .checkAssert((baseWeights, factor) -> {
          int[] weights = baseWeights.stream().mapToInt(w -> w * factor).toArray();
          int gcd = baseWeights.stream().map(BigInteger::valueOf).reduce(BigInteger::gcd)
              .orElseThrow().intValue() * factor;
          int cycle = baseWeights.stream().mapToInt(Integer::intValue).sum() * factor / gcd;
          IpvsService wrr = service(IpvsScheduler.WRR, weights);
          // The first scan may start below mw (cw is kept across destination adds); it reaches
          // the wrap within one cycle, after which the sequence is periodic.
          picks(wrr, cycle);
          List<Endpoint> first = picks(wrr, cycle);
          Map<Endpoint, Integer> counts = new HashMap<>();
          first.forEach(e -> counts.merge(e, 1, Integer::sum));
          for (int i = 0; i < weights.length; i++) {
            assertThat(counts.getOrDefault(rs(i + 1), 0))
                .as("picks of weight %d in a cycle of %d", weights[i], cycle)
                .isEqualTo(weights[i] / gcd);
          }
          assertThat(picks(wrr, cycle)).as("the next cycle repeats").isEqualTo(first);
        });
  }

  @Test
  void anyChangeSendsThePointerBackToTheHead() {
    IpvsService wrr = service(IpvsScheduler.WRR, 1, 1, 1); // list 3 2 1, cw = mw = 1
    assertThat(picks(wrr, 2)).containsExactly(rs(3), rs(2));
    wrr.updateDestination(DestinationConfig.of(rs(1), 1)); // same weight, still a change
    assertThat(picks(wrr, 1)).containsExactly(rs(3));
  }

  @Test
  void currentWeightIsRoundedUpToAMultipleOfTheNewGcdPlusOne() {
    IpvsService wrr = service(IpvsScheduler.WRR, 1, 4); // list: rs2(4), rs1(1); cw = 1
    assertThat(picks(wrr, 3)).as("cw 1: both, then the wrap to cw = mw = 4")
        .containsExactly(rs(2), rs(1), rs(2));
    wrr.updateDestination(DestinationConfig.of(rs(2), 6)); // gcd 1, mw 6: cw stays 4
    wrr.updateDestination(DestinationConfig.of(rs(1), 2)); // gcd 2, mw 5: cw = (4/2)*2+1 = 5
    // cw 5: rs2; cw 3: rs2; cw 1: rs2, rs1; wrap to 5: rs2. (Unrounded cw 4 would give rs2, rs2,
    // rs1, rs2.)
    assertThat(picks(wrr, 5)).containsExactly(rs(2), rs(2), rs(2), rs(1), rs(2));
  }

  @Test
  void allWeightsZeroPicksNothing() {
    assertThat(picks(service(IpvsScheduler.WRR, 0, 0), 1)).containsOnlyNulls();
  }
}
