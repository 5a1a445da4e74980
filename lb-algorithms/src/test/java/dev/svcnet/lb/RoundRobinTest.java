package dev.svcnet.lb;

import static dev.svcnet.lb.Scenario.picks;
import static dev.svcnet.lb.Scenario.rs;
import static dev.svcnet.lb.Scenario.service;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoundRobinTest {

  @Test
  void firstPickAfterAddingABCIsTheNewestC() {
    IpvsService rr = service(IpvsScheduler.RR, 1, 1, 1);
    assertThat(picks(rr, 4)).containsExactly(rs(3), rs(2), rs(1), rs(3));
  }

  @Test
  void weightZeroIsQuiescentAndSkipped() {
    IpvsService rr = service(IpvsScheduler.RR, 1, 0, 1);
    assertThat(picks(rr, 4)).containsExactly(rs(3), rs(1), rs(3), rs(1));
  }

  @Test
  void removingTheLastPickMovesThePointerBackSoTheNextInListFollows() {
    IpvsService rr = service(IpvsScheduler.RR, 1, 1, 1, 1); // list: 4 3 2 1
    assertThat(picks(rr, 2)).containsExactly(rs(4), rs(3));
    rr.removeDestination(rs(3));
    assertThat(picks(rr, 3)).containsExactly(rs(2), rs(1), rs(4));
  }

  @Test
  void theOnlyEligibleDestinationIsPickedAgain() {
    IpvsService rr = service(IpvsScheduler.RR, 0, 1, 0);
    assertThat(picks(rr, 3)).containsExactly(rs(2), rs(2), rs(2));
  }

  @Test
  void noEligibleDestinationMeansNoPick() {
    IpvsService rr = service(IpvsScheduler.RR, 0, 0);
    assertThat(picks(rr, 1)).containsOnlyNulls();
  }

  @Test
  void scheduleMovesThePointerButCountsNoConnection() {
    IpvsService rr = service(IpvsScheduler.RR, 1, 1);
    assertThat(rr.schedule(Scenario.client(1, 1000))).isEqualTo(rs(2));
    assertThat(rr.destinations()).allSatisfy(d -> assertThat(d.overhead()).isZero());
    assertThat(picks(rr, 1)).containsExactly(rs(1));
  }
}
