package dev.svcnet.lb;

import static dev.svcnet.lb.Scenario.rs;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
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

  @Test
  void lblcEntriesExpireAfterTheExpiration() {
    IpvsService lblc = service(IpvsScheduler.LBLC, 1, 1);
    lblc.open(to("172.16.0.1")).orElseThrow(); // rs2, one inactive
    now.set(Instant.EPOCH.plus(Duration.ofMinutes(10)));
    assertThat(lblc.open(to("172.16.0.1")).orElseThrow().destination())
        .as("exactly the expiration: still cached").isEqualTo(rs(2));
    now.set(Instant.EPOCH.plus(Duration.ofMinutes(20)).plusMillis(1));
    assertThat(lblc.open(to("172.16.0.1")).orElseThrow().destination())
        .as("expired: wlc picks rs1 with no connections").isEqualTo(rs(1));
  }

  @Test
  void lblcReschedulesWhenTheCachedServerIsRemoved() {
    IpvsService lblc = service(IpvsScheduler.LBLC, 1, 1);
    lblc.open(to("172.16.0.1")).orElseThrow();
    lblc.removeDestination(rs(2));
    assertThat(lblc.open(to("172.16.0.1")).orElseThrow().destination()).isEqualTo(rs(1));
  }

  @Test
  void lblcrGrowsTheSetWhenItsLeastLoadedMemberIsOverloadedAndShrinksItAfterExpiry() {
    IpvsService lblcr = service(IpvsScheduler.LBLCR, 1, 1, 4); // list rs3(4), rs2, rs1
    IpvsConnection c1 = lblcr.open(to("172.16.0.1")).orElseThrow();
    assertThat(c1.destination()).isEqualTo(rs(3));
    // Make rs3 "overloaded" in lblcr's sense: 5 active > weight 4 while rs1 has 0*2 < 1.
    java.util.List<IpvsConnection> onRs3 = new java.util.ArrayList<>(java.util.List.of(c1));
    for (int i = 0; i < 4; i++) {
      onRs3.add(lblcr.open(to("172.16.0.1")).orElseThrow());
    }
    onRs3.forEach(lblcr::established);
    IpvsConnection moved = lblcr.open(to("172.16.0.1")).orElseThrow();
    assertThat(moved.destination()).as("wlc over all: the idle rs2 first").isEqualTo(rs(2));
    // The set is now {rs2, rs3}; rs2 is the least loaded member.
    assertThat(lblcr.open(to("172.16.0.1")).orElseThrow().destination()).isEqualTo(rs(2));
    // A use at 6 minutes keeps the entry alive (lastuse) but does not change the set.
    now.set(Instant.EPOCH.plus(Duration.ofMinutes(6)));
    assertThat(lblcr.open(to("172.16.0.1")).orElseThrow().destination()).isEqualTo(rs(2));
    // After the expiration without changes, the most loaded member (rs3) is dropped.
    now.set(Instant.EPOCH.plus(Duration.ofMinutes(11)));
    assertThat(lblcr.open(to("172.16.0.1")).orElseThrow().destination()).isEqualTo(rs(2));
    // rs3 idle again would now be the set's least loaded member, had it stayed in the set.
    onRs3.forEach(lblcr::close);
    assertThat(lblcr.open(to("172.16.0.1")).orElseThrow().destination())
        .as("only rs2 is left in the set").isEqualTo(rs(2));
  }
}
