package dev.svcnet.lb;

import static dev.svcnet.lb.Scenario.rs;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LocalitySchedulersTest {

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.EPOCH);
  private final InstantSource clock = now::get;

  private static Packet to(String address) {
    return Packet.tcp(Endpoint.of("192.168.0.1", 5000), Endpoint.of(address, 80));
  }

  private IpvsService service(IpvsScheduler scheduler, int... weights) {
    return Scenario.service(IpvsServiceConfig.of(scheduler).withClock(clock)
        .withLocalityExpiration(Duration.ofMinutes(10)), weights);
  }

  @Test
  void lblcKeepsADestinationAddressOnItsServerWhileWlcWouldMoveIt() {
    IpvsService lblc = service(IpvsScheduler.LBLC, 1, 1); // list rs2, rs1
    Endpoint first = lblc.open(to("172.16.0.1")).orElseThrow().destination();
    assertThat(first).isEqualTo(rs(2));
    assertThat(lblc.open(to("172.16.0.2")).orElseThrow().destination())
        .as("another address: wlc picks the less loaded").isEqualTo(rs(1));
    assertThat(lblc.open(to("172.16.0.1")).orElseThrow().destination())
        .as("cached").isEqualTo(first);
  }

  private void at(Duration sinceCreation) {
    now.set(Instant.EPOCH.plus(sinceCreation));
  }

  /**
   * ip_vs_lblc.c: entries are dropped only by the periodic timer's full check, which runs every
   * 30th minute after the service was created while the table is small; a lookup finds an entry
   * however long unused until then.
   */
  @Test
  void lblcEntriesAreDroppedOnlyByTheHalfHourlyFullCheck() {
    IpvsService lblc = service(IpvsScheduler.LBLC, 1, 1); // list rs2, rs1; expiration 10 min
    assertThat(lblc.open(to("172.16.0.1")).orElseThrow().destination()).isEqualTo(rs(2));
    at(Duration.ofMinutes(29));
    assertThat(lblc.schedule(to("172.16.0.1")))
        .as("unused for 29 minutes, but no full check yet: still cached").isEqualTo(rs(2));
    at(Duration.ofMinutes(59).plusSeconds(59));
    assertThat(lblc.schedule(to("172.16.0.1")))
        .as("the check at minute 30 kept it (used at 29), the next is at 60").isEqualTo(rs(2));
    at(Duration.ofMinutes(90));
    assertThat(lblc.schedule(to("172.16.0.1")))
        .as("dropped at minute 90 (59:59 + 10 min <= 90): wlc picks the idle rs1")
        .isEqualTo(rs(1));
  }

  @Test
  void lblcReschedulesWhenTheCachedServerIsRemoved() {
    IpvsService lblc = service(IpvsScheduler.LBLC, 1, 1);
    lblc.open(to("172.16.0.1")).orElseThrow();
    lblc.removeDestination(rs(2));
    assertThat(lblc.open(to("172.16.0.1")).orElseThrow().destination()).isEqualTo(rs(1));
  }

  /**
   * ip_vs_lblcr.c with every count derived by hand; list rs3(4), rs2(1), rs1(1); every connection
   * is a TCP SYN, active at once.
   */
  @Test
  void lblcrGrowsTheSetWhenItsLeastLoadedMemberIsOverloadedAndShrinksItAfterExpiry() {
    IpvsService lblcr = service(IpvsScheduler.LBLCR, 1, 1, 4); // list rs3(4), rs2, rs1
    // No entry: wlc over all, everything idle, the first (rs3) wins. Set {rs3}, lastmod 0.
    List<IpvsConnection> onRs3 = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      // rs3 has 0..4 active: not more than its weight 4, so the set's member is used.
      IpvsConnection c = lblcr.open(to("172.16.0.1")).orElseThrow();
      assertThat(c.destination()).isEqualTo(rs(3));
      onRs3.add(c);
    }
    // rs3: 5 active > weight 4, and rs1 has 0 * 2 < 1: overloaded. wlc over all: rs3 1280,
    // rs2 0 (1280 * 1 > 0 * 4: rs2), rs1 0 (0 > 0 is false): rs2 joins. Set {rs2, rs3}.
    assertThat(lblcr.open(to("172.16.0.1")).orElseThrow().destination()).isEqualTo(rs(2));
    // Set min: rs2 256 vs rs3 1280 (256 * 4 > 1280 * 1 is false): rs2, 1 active, not > 1.
    assertThat(lblcr.open(to("172.16.0.1")).orElseThrow().destination()).isEqualTo(rs(2));
    // Set min: rs2 512 vs rs3 1280 (512 * 4 = 2048 > 1280): rs3, overloaded again. wlc over
    // all: rs3 1280, rs2 512 (1280 * 1 > 512 * 4 is false), rs1 0 (1280 > 0): rs1 joins.
    at(Duration.ofMinutes(6));
    assertThat(lblcr.open(to("172.16.0.1")).orElseThrow().destination()).isEqualTo(rs(1));
    // Set {rs1, rs2, rs3} last changed at minute 6. Set min: rs1 256, rs2 512 (256 > 512 no),
    // rs3 1280 (256 * 4 > 1280 no): rs1, 1 active, not > 1.
    at(Duration.ofMinutes(16));
    assertThat(lblcr.schedule(to("172.16.0.1")))
        .as("exactly the expiration after the change: no compaction yet").isEqualTo(rs(1));
    // Closing rs3's connections makes it the least loaded member, had it stayed.
    onRs3.forEach(lblcr::close);
    // At 16 min + 4 ms (one jiffy) the set is older than the expiration: the most loaded member
    // (set max: rs1 256/1, rs2 512/1 > 256: rs2; rs3 0/4: no) is erased, after set min was taken
    // (rs3: 0). rs3 is not overloaded: it is used.
    at(Duration.ofMinutes(16).plusMillis(4));
    assertThat(lblcr.schedule(to("172.16.0.1"))).isEqualTo(rs(3));
    // rs2 is gone from the set. Another address: no entry, wlc over all: rs3 0/4 wins, and its
    // entry keeps rs3 for all nine (rs3 never counts as overloaded: no destination has
    // active * 2 < weight once rs3 has more than 4).
    for (int i = 0; i < 9; i++) {
      assertThat(lblcr.open(to("172.16.0.2")).orElseThrow().destination()).isEqualTo(rs(3));
    }
    // Set {rs1, rs3} for .1: rs1 256/1 vs rs3 2304/4 (1024 > 2304 no): rs1, twice (at 2 active
    // rs1 is more than its weight but no destination is below half of its own).
    assertThat(lblcr.open(to("172.16.0.1")).orElseThrow().destination()).isEqualTo(rs(1));
    assertThat(lblcr.open(to("172.16.0.1")).orElseThrow().destination()).isEqualTo(rs(1));
    assertThat(lblcr.destinations()).extracting(DestinationStatus::activeConnections)
        .as("rs3, rs2, rs1").containsExactly(9, 2, 3);
    // Set min of {rs1, rs3}: rs1 768 * 4 = 3072 > 2304: rs3. (Were rs2 still a member, its 512
    // would have won.)
    assertThat(lblcr.schedule(to("172.16.0.1"))).isEqualTo(rs(3));
  }
}
