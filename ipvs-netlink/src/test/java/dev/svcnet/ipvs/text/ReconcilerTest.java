package dev.svcnet.ipvs.text;

import static dev.svcnet.ipvs.text.Fixtures.dest;
import static dev.svcnet.ipvs.text.Fixtures.server;
import static dev.svcnet.ipvs.text.Fixtures.service;
import static dev.svcnet.ipvs.text.Fixtures.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.IpvsException;
import dev.svcnet.ipvs.IpvsOperation;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.ipvs.fake.FakeIpvsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The diff between two tables: correct, safe to apply in one batch, and without waste. */
class ReconcilerTest {

  /** The current table with the diff applied, or null when some operation failed. */
  private static List<Service> applied(List<Service> current, List<IpvsOperation> operations) {
    try {
      FakeIpvsClient table = FakeIpvsClient.of(current);
      table.apply(operations);
      return table.dump();
    } catch (IpvsException e) {
      return null;
    }
  }

  /**
   * Equal tables, where a Local destination counts as the Route one wanted (the kernel turns a
   * local address into Local whatever was asked; ipvsadm writes both -g).
   */
  private static boolean sameTable(List<Service> actual, List<Service> wanted) {
    if (actual == null) {
      return false;
    }
    return IpvsTables.normalized(routeForLocal(actual, wanted))
        .equals(IpvsTables.normalized(wanted));
  }

  private static List<Service> routeForLocal(List<Service> actual, List<Service> wanted) {
    Map<ServiceId, Map.Entry<VirtualService, Set<RealServer>>> want =
        IpvsTables.normalized(wanted);
    List<Service> out = new ArrayList<>();
    for (Service service : actual) {
      Set<RealServer> wantedServers = want.containsKey(service.id())
          ? want.get(service.id()).getValue() : Set.of();
      List<dev.svcnet.ipvs.Destination> destinations = new ArrayList<>();
      for (var destination : service.destinations()) {
        RealServer server = destination.server();
        RealServer asRoute = server.forwarding() == ForwardingMethod.LOCAL
            ? server.withForwarding(ForwardingMethod.ROUTE, null) : server;
        destinations.add(dest(wantedServers.contains(asRoute) ? asRoute : server));
      }
      out.add(new Service(service.service(), service.stats(), destinations));
    }
    return out;
  }

  @Test
  void applyingTheDiffGivesTheDesiredTable() {
    qt().withExamples(1000).forAll(IpvsTables.tables(IpvsTables.Kind.ANY),
        IpvsTables.tables(IpvsTables.Kind.ANY)).checkAssert((current, desired) -> {
          List<Service> result = applied(current, Reconciler.diff(current, desired));
          assertThat(result).as("every operation of the batch succeeds").isNotNull();
          assertThat(sameTable(result, desired)).as("result %s", IpvsadmRules.write(result))
              .isTrue();
          assertThat(Reconciler.diff(result, desired)).as("nothing left to do").isEmpty();
        });
  }

  @Test
  void aTableNeedsNothingToBecomeItself() {
    qt().withExamples(500).forAll(IpvsTables.tables(IpvsTables.Kind.ANY))
        .checkAssert(table -> assertThat(Reconciler.diff(table, table)).isEmpty());
  }

  @Test
  void noOperationIsWasted() {
    // leave any one operation out and the result is no longer the desired table
    qt().withExamples(300).forAll(IpvsTables.tables(IpvsTables.Kind.ANY),
        IpvsTables.tables(IpvsTables.Kind.ANY)).checkAssert((current, desired) -> {
          List<IpvsOperation> diff = Reconciler.diff(current, desired);
          for (int i = 0; i < diff.size(); i++) {
            List<IpvsOperation> fewer = new ArrayList<>(diff);
            IpvsOperation left = fewer.remove(i);
            assertThat(sameTable(applied(current, fewer), desired))
                .as("without %s", left).isFalse();
          }
        });
  }

  @Test
  void deletesComeFirstThenServicesThenTheirDestinations() {
    RealServer a = server("10.1.0.1", 80, ForwardingMethod.MASQ, 1);
    RealServer b = server("10.1.0.2", 80, ForwardingMethod.MASQ, 1);
    Service keep = service(VirtualService.of(tcp("10.0.0.1", 80), "rr"), dest(a), dest(b));
    Service drop = service(VirtualService.of(tcp("10.0.0.2", 80), "rr"), dest(a));
    Service keepChanged = service(VirtualService.of(tcp("10.0.0.1", 80), "wlc"),
        dest(a.withWeight(4)));
    Service added = service(VirtualService.of(tcp("10.0.0.3", 80), "rr"), dest(b));
    assertThat(Reconciler.diff(List.of(keep, drop), List.of(keepChanged, added)))
        .containsExactly(
            new IpvsOperation.DeleteDestination(keep.id(), b),
            new IpvsOperation.DeleteService(drop.id()),
            new IpvsOperation.UpdateService(keepChanged.service()),
            new IpvsOperation.AddService(added.service()),
            new IpvsOperation.UpdateDestination(keep.id(), a.withWeight(4)),
            new IpvsOperation.AddDestination(added.id(), b));
  }

  @Test
  void replacingEverythingFlushesOnce() {
    Service one = service(VirtualService.of(tcp("10.0.0.1", 80), "rr"));
    Service two = service(VirtualService.of(tcp("10.0.0.2", 80), "rr"));
    Service three = service(VirtualService.of(tcp("10.0.0.3", 80), "rr"));
    assertThat(Reconciler.diff(List.of(one, two), List.of(three))).containsExactly(
        new IpvsOperation.Flush(), new IpvsOperation.AddService(three.service()));
    assertThat(Reconciler.diff(List.of(one), List.of())).containsExactly(
        new IpvsOperation.DeleteService(one.id()));
  }

  @Test
  void aLocalDestinationSatisfiesARouteOne() {
    RealServer local = server("10.1.0.1", 80, ForwardingMethod.LOCAL, 1);
    RealServer route = server("10.1.0.1", 80, ForwardingMethod.ROUTE, 1);
    VirtualService web = VirtualService.of(tcp("10.0.0.1", 80), "rr");
    assertThat(Reconciler.diff(List.of(service(web, dest(local))),
        List.of(service(web, dest(route))))).isEmpty();
    assertThat(Reconciler.diff(List.of(service(web, dest(route))),
        List.of(service(web, dest(local))))).containsExactly(
            new IpvsOperation.UpdateDestination(web.id(), local));
  }

  @Test
  void statisticsAndCountersDoNotMatter() {
    VirtualService web = VirtualService.of(tcp("10.0.0.1", 80), "rr");
    RealServer a = server("10.1.0.1", 80, ForwardingMethod.MASQ, 1);
    Service busy = new Service(web, Fixtures.counters(5, 6, 7, 8, 9),
        List.of(dest(a, 3, 4)));
    assertThat(Reconciler.diff(List.of(busy), List.of(service(web, dest(a))))).isEmpty();
  }
}
