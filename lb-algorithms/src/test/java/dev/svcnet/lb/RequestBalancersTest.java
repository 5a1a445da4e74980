package dev.svcnet.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestBalancersTest {

  @Test
  void smoothWeightedRoundRobinWith5And1And1SpreadsTheHeavyOne() {
    // current weights: (5,1,1)->a (-2,1,1); (3,2,2)->a; (1,3,3)->b; (6,-3,4)->a; (4,-2,5)->c;
    // (9,-1,-1)->a; (7,0,0)->a; back to (0,0,0)
    Balancer swrr = Balancers.smoothWeightedRoundRobin();
    swrr.update(List.of(new Backend("a", 5), new Backend("b", 1), new Backend("c", 1)));
    List<String> picks = new ArrayList<>();
    for (int i = 0; i < 14; i++) {
      picks.add(swrr.next().id());
    }
    assertThat(picks).containsExactly("a", "a", "b", "a", "c", "a", "a",
        "a", "a", "b", "a", "c", "a", "a");
  }

  @Test
  void smoothWeightedRoundRobinPicksEachBackendWeightTimesPerCycle() {
    qt().forAll(lists().of(integers().between(0, 20)).ofSizeBetween(1, 8)).checkAssert(w -> {
      List<Backend> backends = new ArrayList<>();
      for (int i = 0; i < w.size(); i++) {
        backends.add(new Backend("b" + i, w.get(i)));
      }
      int cycle = w.stream().mapToInt(Integer::intValue).sum();
      Balancer swrr = Balancers.smoothWeightedRoundRobin();
      swrr.update(backends);
      for (int round = 0; round < 2; round++) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < cycle; i++) {
          counts.merge(swrr.next().id(), 1, Integer::sum);
        }
        for (Backend backend : backends) {
          assertThat(counts.getOrDefault(backend.id(), 0)).isEqualTo(backend.weight());
        }
      }
    });
  }

  @Test
  void leastRequestKeepsOutstandingRequestsLevel() {
    Balancer p2c = Balancers.leastRequest(11);
    List<Backend> backends = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      backends.add(Backend.of("b" + i));
    }
    p2c.update(backends);
    Map<String, Integer> outstanding = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      outstanding.merge(p2c.next().id(), 1, Integer::sum);
    }
    int max = outstanding.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    int min = outstanding.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
    // uniform random would spread about +-4 standard deviations = +-126 around 1000
    assertThat(max - min).isLessThanOrEqualTo(6);
  }

  @Test
  void leastRequestReleasedRequestsNoLongerCount() {
    Balancer p2c = Balancers.leastRequest(3);
    p2c.update(List.of(Backend.of("a"), Backend.of("b")));
    Backend first = p2c.next();
    Backend second = p2c.next();
    assertThat(second).as("the idle one wins whenever it is drawn").isNotNull();
    p2c.release(first);
    p2c.release(second);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 1000; i++) {
      Backend b = p2c.next();
      counts.merge(b.id(), 1, Integer::sum);
      p2c.release(b);
    }
    // with everything released both always tie at 0 and the first draw wins: a random split
    assertThat(counts.get("a")).isBetween(400, 600);
  }

  @Test
  void leastRequestLoadFollowsWeight() {
    Balancer p2c = Balancers.leastRequest(5);
    p2c.update(List.of(new Backend("heavy", 3), new Backend("light", 1)));
    Map<String, Integer> outstanding = new HashMap<>();
    for (int i = 0; i < 4000; i++) {
      outstanding.merge(p2c.next().id(), 1, Integer::sum);
    }
    assertThat(outstanding.get("heavy") / (double) outstanding.get("light")).isBetween(2.8, 3.2);
  }
}
