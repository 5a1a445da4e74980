package dev.svcnet.proxy.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.svcnet.harness.vm.InKernelVm;
import dev.svcnet.harness.vm.RoutableDummy;
import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.netfilter.Backend;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.NetworkNamespace;
import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.Ips;
import dev.svcnet.proxy.IpvsPlan;
import dev.svcnet.proxy.IpvsPlanner;
import dev.svcnet.proxy.IpvsVirtualServer;
import dev.svcnet.proxy.NodeSettings;
import dev.svcnet.proxy.testing.EndpointServers;
import dev.svcnet.proxy.testing.ServiceTraffic;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sync engine in IPVS mode inside Debian's kernel under QEMU. Each example runs in a fresh
 * network namespace of the guest: after every sync of a random sequence of Service and
 * EndpointSlice changes (next to a LoadBalancer with an external IP, source ranges and
 * externalTrafficPolicy Local), the kernel's IPVS table (virtual servers with their real
 * servers), the addresses on kube-ipvs0, {@code ipset save} and {@code iptables-save} (the
 * plan's payload and jump rules loaded into another, empty namespace of the guest) all equal a
 * fresh plan of the current desired state; and for random states, with kube-proxy's ipsets and
 * iptables rules in place, connections to every ClusterIP:port and nodeIP:NodePort reach only
 * that service's ready endpoints, while services without endpoints refuse ({@link ServiceTraffic},
 * with {@link EndpointServers#localAddresses()} on the endpoint addresses).
 */
@InKernelVm(timeoutSeconds = 600)
class IpvsSyncKernelTest {

  static final NodeSettings NODE = new NodeSettings("node-a", List.of(Ips.parse("10.244.0.1")),
      List.of(Cidr.parse("10.244.0.0/16")), "cluster.local");

  @BeforeAll
  static void loadModules() throws IOException {
    for (String module : List.of("ip_vs", "ip_vs_rr", "dummy", "ip_set", "xt_set")) {
      ExternalCommand.of("modprobe", module).runChecked();
    }
  }

  @Test
  void afterEverySyncTheKernelEqualsThePlan() {
    qt().withExamples(5).withShrinkCycles(5)
        .forAll(lists().of(integers().between(0, 1023)).ofSizeBetween(1, 6))
        .checkAssert(seeds -> {
          try (NetworkNamespace node = NetworkNamespace.create("ipvs-sync")) {
            node.call(() -> {
              checkSequence(seeds.stream().map(ClusterChange::of).toList());
              return null;
            });
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  private static void checkSequence(List<ClusterChange> changes) throws Exception {
    RoutableDummy.add();
    try (IpvsClient client = IpvsClient.open()) {
      ServiceProxier proxier = ServiceProxier.ipvs(client, NODE, IpFamily.IPV4, "rr");
      proxier.replaceAll(IpvsCompanionSyncTest.LOAD_BALANCER);
      proxier.sync();
      List<ClusterChange> done = new ArrayList<>();
      for (ClusterChange change : changes) {
        change.applyTo(proxier);
        done.add(change);
        proxier.sync();
        IpvsPlan plan = IpvsPlanner.plan(proxier.desired(), NODE, IpFamily.IPV4, "rr");
        assertThat(kernelTable(client)).as("IPVS table after %s", done).isEqualTo(planned(plan));
        assertThat(boundAddresses()).as("kube-ipvs0 after %s", done)
            .isEqualTo(plan.boundAddresses().stream().map(a -> a.getHostAddress() + "/32")
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
        assertThat(IpvsCompanionSyncTest.kernelSets()).as("ipset save after %s", done)
            .isEqualTo(IpvsCompanionSyncTest.plannedSets(plan));
        assertThat(IpvsCompanionSyncTest.iptablesSave(Backend.SYSTEM))
            .as("iptables-save after %s", done)
            .isEqualTo(IpvsCompanionSyncTest.freshLoad(Backend.SYSTEM, plan));
        assertThat(proxier.sync().wroteNothing()).as("a second sync after %s", done).isTrue();
      }
    }
  }

  /** Virtual service text to its real servers, statistics left out. */
  private static Map<String, Set<RealServer>> kernelTable(IpvsClient client) throws IOException {
    Map<String, Set<RealServer>> out = new TreeMap<>();
    for (Service service : client.dump()) {
      Set<RealServer> servers = new HashSet<>();
      service.destinations().forEach(d -> servers.add(d.server()));
      out.put(service.service().toString(), servers);
    }
    return out;
  }

  private static Map<String, Set<RealServer>> planned(IpvsPlan plan) {
    Map<String, Set<RealServer>> out = new TreeMap<>();
    for (IpvsVirtualServer server : plan.virtualServers()) {
      out.put(server.service().toString(), new HashSet<>(server.realServers()));
    }
    return out;
  }

  private static Set<String> boundAddresses() throws IOException {
    Set<String> out = new TreeSet<>();
    String text = ExternalCommand.of("ip", "-o", "-4", "address", "show", "dev",
        IpvsPlan.DUMMY_INTERFACE).runChecked();
    for (String line : text.split("\n")) {
      String[] fields = line.trim().split("\\s+");
      for (int i = 0; i + 1 < fields.length; i++) {
        if (fields[i].equals("inet")) {
          out.add(fields[i + 1]);
        }
      }
    }
    return out;
  }

  @Test
  void connectionsReachOnlyTheServicesEndpoints() {
    qt().withExamples(4).withShrinkCycles(5)
        .forAll(lists().of(integers().between(0, 1023)).ofSizeBetween(2, 8))
        .checkAssert(seeds -> {
          try (NetworkNamespace node = NetworkNamespace.create("ipvs-traffic")) {
            node.call(() -> {
              checkTraffic(seeds.stream().map(ClusterChange::of).toList());
              return null;
            });
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  private static void checkTraffic(List<ClusterChange> changes) throws Exception {
    List<String> endpoints = new ArrayList<>();
    for (int e = 0; e < ServiceTraffic.ENDPOINTS; e++) {
      endpoints.add(ServiceTraffic.endpointIp(e) + "/32");
    }
    RoutableDummy.add(endpoints);
    ExternalCommand.of("ip", "link", "set", "lo", "up").runChecked();
    try (IpvsClient client = IpvsClient.open();
        EndpointServers servers = EndpointServers.localAddresses()) {
      ServiceProxier proxier = ServiceProxier.ipvs(client, NODE, IpFamily.IPV4, "rr");
      changes.forEach(change -> change.applyTo(proxier));
      proxier.sync();
      assertThat(ServiceTraffic.problems(proxier.desired(), NODE, 4)).as("after %s", changes)
          .isEmpty();
    }
  }
}
