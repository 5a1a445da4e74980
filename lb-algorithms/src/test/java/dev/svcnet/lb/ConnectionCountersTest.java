package dev.svcnet.lb;

import static dev.svcnet.lb.Scenario.client;
import static dev.svcnet.lb.Scenario.rs;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionCountersTest {

  private static DestinationStatus status(IpvsService service, Endpoint endpoint) {
    return service.destinations().stream().filter(d -> d.endpoint().equals(endpoint)).findFirst()
        .orElseThrow();
  }

  private static void assertCounters(IpvsService service, int active, int inactive) {
    assertThat(status(service, rs(1))).extracting(DestinationStatus::activeConnections,
        DestinationStatus::inactiveConnections, DestinationStatus::overhead)
        .containsExactly(active, inactive, 256L * active + inactive);
  }

  private static Packet packet(Protocol protocol) {
    return new Packet(protocol, client(1, 1000).client(), Scenario.VIP);
  }

  /**
   * ip_vs_proto_tcp.c: the SYN moves NONE to SYN_RECV, an active state of
   * {@code tcp_state_active_table}; ESTABLISHED is active too; a FIN or RST (FIN_WAIT, CLOSE, ...)
   * is inactive.
   */
  @Test
  void aTcpConnectionCountsAsActiveFromItsSynUntilItCloses() {
    IpvsService service = Scenario.service(IpvsScheduler.RR, 1);
    IpvsConnection connection = service.open(packet(Protocol.TCP)).orElseThrow();
    assertCounters(service, 1, 0);
    service.established(connection);
    assertCounters(service, 1, 0);
    service.closing(connection);
    assertCounters(service, 0, 1);
    service.close(connection);
    assertCounters(service, 0, 0);
  }

  /** ip_vs_proto_sctp.c: only ESTABLISHED is active; the INIT moves NONE to INIT1. */
  @Test
  void anSctpAssociationCountsAsInactiveUntilEstablished() {
    IpvsService service = Scenario.service(IpvsScheduler.RR, 1);
    IpvsConnection connection = service.open(packet(Protocol.SCTP)).orElseThrow();
    assertCounters(service, 0, 1);
    service.established(connection);
    assertCounters(service, 1, 0);
    service.closing(connection);
    assertCounters(service, 0, 1);
    service.close(connection);
    assertCounters(service, 0, 0);
  }

  /** ip_vs_proto_udp.c: the state transition only sets the timeout, never the counters. */
  @Test
  void aUdpConnectionIsInactiveForItsWholeLife() {
    IpvsService service = Scenario.service(IpvsScheduler.RR, 1);
    IpvsConnection connection = service.open(packet(Protocol.UDP)).orElseThrow();
    assertCounters(service, 0, 1);
    service.established(connection);
    assertCounters(service, 0, 1);
    service.closing(connection);
    assertCounters(service, 0, 1);
    service.close(connection);
    assertCounters(service, 0, 0);
  }

  @Test
  void upperThresholdOverloadsAndThreeQuartersOfItClearsWithoutLowerThreshold() {
    IpvsService service = IpvsService.create(IpvsServiceConfig.of(IpvsScheduler.RR));
    service.addDestination(new DestinationConfig(rs(1), 1, 4, 0));
    IpvsConnection[] open = new IpvsConnection[4];
    for (int i = 0; i < 4; i++) {
      open[i] = service.open(client(i, 1000)).orElseThrow();
    }
    assertThat(status(service, rs(1)).overloaded()).isTrue();
    assertThat(service.open(client(9, 1000))).as("overloaded: no destination").isEmpty();
    service.close(open[0]); // 3 * 4 = 12 < 4 * 3 = 12? no
    assertThat(status(service, rs(1)).overloaded()).isTrue();
    service.close(open[1]); // 2 * 4 = 8 < 12
    assertThat(status(service, rs(1)).overloaded()).isFalse();
  }

  @Test
  void lowerThresholdClearsTheOverloadBelowIt() {
    IpvsService service = IpvsService.create(IpvsServiceConfig.of(IpvsScheduler.RR));
    service.addDestination(new DestinationConfig(rs(1), 1, 3, 1));
    IpvsConnection[] open = new IpvsConnection[3];
    for (int i = 0; i < 3; i++) {
      open[i] = service.open(client(i, 1000)).orElseThrow();
    }
    service.close(open[0]);
    service.close(open[1]);
    assertThat(status(service, rs(1)).overloaded()).as("1 is not below 1").isTrue();
    service.close(open[2]);
    assertThat(status(service, rs(1)).overloaded()).isFalse();
  }

  @Test
  void raisingTheUpperThresholdClearsTheOverloadAtOnce() {
    IpvsService service = IpvsService.create(IpvsServiceConfig.of(IpvsScheduler.RR));
    service.addDestination(new DestinationConfig(rs(1), 1, 1, 0));
    service.open(client(1, 1000)).orElseThrow();
    assertThat(status(service, rs(1)).overloaded()).isTrue();
    service.updateDestination(new DestinationConfig(rs(1), 1, 1, 0));
    assertThat(status(service, rs(1)).overloaded()).as("same threshold keeps it").isTrue();
    service.updateDestination(new DestinationConfig(rs(1), 1, 5, 0));
    assertThat(status(service, rs(1)).overloaded()).isFalse();
  }

  @Test
  void aRemovedDestinationIsRevivedWithItsCountersAtTheHead() {
    IpvsService service = Scenario.service(IpvsScheduler.LC, 1, 1);
    IpvsConnection connection = service.open(client(1, 1000)).orElseThrow();
    assertThat(connection.destination()).isEqualTo(rs(2));
    service.removeDestination(rs(2));
    service.addDestination(DestinationConfig.of(rs(3), 1));
    service.addDestination(DestinationConfig.of(rs(2), 1));
    assertThat(service.destinations()).extracting(DestinationStatus::endpoint)
        .containsExactly(rs(2), rs(3), rs(1));
    assertThat(status(service, rs(2)).activeConnections()).as("the SYN_RECV connection")
        .isEqualTo(1);
    service.close(connection);
    assertThat(status(service, rs(2)).activeConnections()).isZero();
  }

  @Test
  void lastWeightFollowsOnlyNonZeroEdits() {
    IpvsService service = Scenario.service(IpvsScheduler.MH, 5);
    service.updateDestination(DestinationConfig.of(rs(1), 0));
    assertThat(status(service, rs(1))).extracting(DestinationStatus::weight,
        DestinationStatus::lastWeight).containsExactly(0, 5);
    service.addDestination(DestinationConfig.of(rs(2), 0));
    assertThat(status(service, rs(2)).lastWeight()).isZero();
  }
}
