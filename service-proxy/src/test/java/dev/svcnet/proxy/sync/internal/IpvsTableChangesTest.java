package dev.svcnet.proxy.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.IpvsOperation;
import dev.svcnet.ipvs.Protocol;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.Stats;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.Ips;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * kube-proxy's graceful termination of IPVS real servers and its {@code --ipvs-exclude-cidrs},
 * as decisions on a dumped table: no kernel needed. The same behaviour against the real kernel
 * with a real connection is {@code IpvsSyncKernelTest#aRemovedRealServerDrainsWhileItsConnectionIsOpen}.
 */
class IpvsTableChangesTest {

  static final ServiceId TCP_VIP = ServiceId.of(Protocol.TCP, Ips.parse("10.96.0.10"), 80);
  static final RealServer KEPT = server("10.244.1.1", 1);
  static final RealServer REMOVED = server("10.244.1.2", 1);

  @Test
  void aRemovedTcpRealServerWithConnectionsIsSetToWeightZeroNotDeleted() {
    IpvsTableChanges changes = between(
        List.of(service(TCP_VIP, idle(KEPT), withConnections(REMOVED, 1, 0))),
        List.of(service(TCP_VIP, idle(KEPT))));

    assertThat(changes.operations())
        .containsExactly(new IpvsOperation.UpdateDestination(TCP_VIP, REMOVED.withWeight(0)));
    assertThat(changes.draining()).isEqualTo(1);
  }

  @Test
  void inactiveConnectionsAlsoKeepItDraining() {
    IpvsTableChanges changes = between(
        List.of(service(TCP_VIP, idle(KEPT), withConnections(REMOVED, 0, 3))),
        List.of(service(TCP_VIP, idle(KEPT))));

    assertThat(changes.operations())
        .containsExactly(new IpvsOperation.UpdateDestination(TCP_VIP, REMOVED.withWeight(0)));
    assertThat(changes.draining()).isEqualTo(1);
  }

  @Test
  void aRemovedRealServerWithoutConnectionsIsDeletedAtOnce() {
    IpvsTableChanges changes = between(
        List.of(service(TCP_VIP, idle(KEPT), idle(REMOVED))),
        List.of(service(TCP_VIP, idle(KEPT))));

    assertThat(changes.operations())
        .containsExactly(new IpvsOperation.DeleteDestination(TCP_VIP, REMOVED));
    assertThat(changes.draining()).isZero();
  }

  @Test
  void aDrainingRealServerStaysUntouchedWhileConnectionsRemain() {
    IpvsTableChanges changes = between(
        List.of(service(TCP_VIP, idle(KEPT), withConnections(REMOVED.withWeight(0), 1, 1))),
        List.of(service(TCP_VIP, idle(KEPT))));

    assertThat(changes.operations()).isEmpty();
    assertThat(changes.draining()).isEqualTo(1);
  }

  @Test
  void aDrainingRealServerIsDeletedOnceItsCountersAreZero() {
    IpvsTableChanges changes = between(
        List.of(service(TCP_VIP, idle(KEPT), idle(REMOVED.withWeight(0)))),
        List.of(service(TCP_VIP, idle(KEPT))));

    assertThat(changes.operations())
        .containsExactly(new IpvsOperation.DeleteDestination(TCP_VIP, REMOVED.withWeight(0)));
    assertThat(changes.draining()).isZero();
  }

  @Test
  void aReturningEndpointGetsItsWeightBack() {
    IpvsTableChanges changes = between(
        List.of(service(TCP_VIP, idle(KEPT), withConnections(REMOVED.withWeight(0), 2, 0))),
        List.of(service(TCP_VIP, idle(KEPT), idle(REMOVED))));

    assertThat(changes.operations())
        .containsExactly(new IpvsOperation.UpdateDestination(TCP_VIP, REMOVED));
    assertThat(changes.draining()).isZero();
  }

  @ParameterizedTest
  @EnumSource(value = Protocol.class, names = {"UDP", "SCTP"})
  void udpAndSctpRealServersAreDeletedAtOnceWhateverTheirConnections(Protocol protocol) {
    ServiceId vip = ServiceId.of(protocol, Ips.parse("10.96.0.10"), 53);
    IpvsTableChanges changes = between(
        List.of(service(vip, idle(KEPT), withConnections(REMOVED, 4, 7))),
        List.of(service(vip, idle(KEPT))));

    assertThat(changes.operations())
        .containsExactly(new IpvsOperation.DeleteDestination(vip, REMOVED));
    assertThat(changes.draining()).isZero();
  }

  @Test
  void aFirewallMarkServiceDrainsLikeTcp() {
    ServiceId mark = ServiceId.mark(7, false);
    IpvsTableChanges changes = between(
        List.of(service(mark, idle(KEPT), withConnections(REMOVED, 1, 0))),
        List.of(service(mark, idle(KEPT))));

    assertThat(changes.operations())
        .containsExactly(new IpvsOperation.UpdateDestination(mark, REMOVED.withWeight(0)));
  }

  @Test
  void aVirtualServerNoLongerPlannedGoesWithItsDrainingRealServers() {
    IpvsTableChanges changes = between(
        List.of(service(TCP_VIP, withConnections(REMOVED.withWeight(0), 5, 5))),
        List.of());

    assertThat(changes.operations()).containsExactly(new IpvsOperation.DeleteService(TCP_VIP));
    assertThat(changes.draining()).isZero();
  }

  @Test
  void virtualServersInExcludedCidrsAreNeverDeleted() {
    ServiceId excluded = ServiceId.of(Protocol.TCP, Ips.parse("192.0.2.7"), 443);
    ServiceId other = ServiceId.of(Protocol.TCP, Ips.parse("10.96.0.11"), 80);
    IpvsTableChanges changes = IpvsTableChanges.between(
        List.of(service(excluded, idle(KEPT)), service(other, idle(KEPT))), List.of(),
        IpFamily.IPV4, List.of(Cidr.parse("192.0.2.0/24")));

    assertThat(changes.operations()).containsExactly(new IpvsOperation.DeleteService(other));
  }

  @Test
  void aPlannedVirtualServerInAnExcludedCidrIsStillProgrammed() {
    ServiceId excluded = ServiceId.of(Protocol.TCP, Ips.parse("192.0.2.7"), 443);
    IpvsTableChanges changes = IpvsTableChanges.between(
        List.of(service(excluded, idle(KEPT), idle(REMOVED))),
        List.of(service(excluded, idle(KEPT))), IpFamily.IPV4,
        List.of(Cidr.parse("192.0.2.0/24")));

    assertThat(changes.operations())
        .containsExactly(new IpvsOperation.DeleteDestination(excluded, REMOVED));
  }

  @Test
  void theOtherFamilysVirtualServersAreLeftAloneAndNotFlushed() {
    ServiceId v6 = ServiceId.of(Protocol.TCP, Ips.parse("fd00::10"), 80);
    ServiceId first = ServiceId.of(Protocol.TCP, Ips.parse("10.96.0.11"), 80);
    ServiceId second = ServiceId.of(Protocol.TCP, Ips.parse("10.96.0.12"), 80);
    IpvsTableChanges changes = between(
        List.of(service(v6, idle(server("fd00::1", 1))), service(first, idle(KEPT)),
            service(second, idle(KEPT))),
        List.of());

    assertThat(changes.operations()).containsExactlyInAnyOrder(
        new IpvsOperation.DeleteService(first), new IpvsOperation.DeleteService(second));
  }

  @Test
  void withNothingLeftAloneTheDeletesStayOneFlush() {
    ServiceId first = ServiceId.of(Protocol.TCP, Ips.parse("10.96.0.11"), 80);
    ServiceId second = ServiceId.of(Protocol.TCP, Ips.parse("10.96.0.12"), 80);
    IpvsTableChanges changes = between(
        List.of(service(first, idle(KEPT)), service(second, idle(KEPT))), List.of());

    assertThat(changes.operations()).containsExactly(new IpvsOperation.Flush());
  }

  private static IpvsTableChanges between(List<Service> kernel, List<Service> planned) {
    return IpvsTableChanges.between(kernel, planned, IpFamily.IPV4, List.of());
  }

  private static RealServer server(String address, int weight) {
    return RealServer.of(Ips.parse(address), 8080, ForwardingMethod.MASQ).withWeight(weight);
  }

  private static Destination idle(RealServer server) {
    return withConnections(server, 0, 0);
  }

  private static Destination withConnections(RealServer server, long active, long inactive) {
    return new Destination(server, active, inactive, 0, Stats.ZERO);
  }

  private static Service service(ServiceId id, Destination... destinations) {
    return new Service(VirtualService.of(id, "rr"), Stats.ZERO, List.of(destinations));
  }
}
