package dev.svcnet.proxy.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import dev.svcnet.proxy.ClusterService;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.Ips;
import dev.svcnet.proxy.IpvsPlan;
import dev.svcnet.proxy.IpvsPlanner;
import dev.svcnet.proxy.IpvsVirtualServer;
import dev.svcnet.proxy.NodeSettings;
import dev.svcnet.proxy.ServiceEndpointSlice;
import dev.svcnet.proxy.ServicePort;
import dev.svcnet.proxy.ServiceType;
import dev.svcnet.proxy.SliceEndpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
 * that service's endpoints (small Java TCP servers on the endpoint addresses answer with their
 * address and port), while services without endpoints refuse.
 */
@InKernelVm(timeoutSeconds = 600)
class IpvsSyncKernelTest {

  static final NodeSettings NODE = new NodeSettings("node-a", List.of(Ips.parse("10.244.0.1")),
      List.of(Cidr.parse("10.244.0.0/16")), "cluster.local");
  private static final int[] TARGET_PORTS = {8080, 8081};

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
    List<String> backends = new ArrayList<>();
    for (int b = 0; b < 4; b++) {
      backends.add("10.244.0." + (10 + b) + "/32");
    }
    RoutableDummy.add(backends);
    ExternalCommand.of("ip", "link", "set", "lo", "up").runChecked();
    List<ServerSocket> servers = new ArrayList<>();
    try (IpvsClient client = IpvsClient.open()) {
      for (int b = 0; b < 4; b++) {
        for (int port : TARGET_PORTS) {
          ServerSocket server = new ServerSocket();
          server.bind(new InetSocketAddress(Ips.parse("10.244.0." + (10 + b)), port), 50);
          servers.add(server);
          String identity = "10.244.0." + (10 + b) + ":" + port;
          Thread thread = new Thread(() -> answer(server, identity), identity);
          thread.setDaemon(true);
          thread.start();
        }
      }
      ServiceProxier proxier = ServiceProxier.ipvs(client, NODE, IpFamily.IPV4, "rr");
      changes.forEach(change -> change.applyTo(proxier));
      proxier.sync();
      ClusterState state = proxier.desired();
      for (ClusterService service : state.services()) {
        Set<String> endpoints = endpointsOf(service, state);
        ServicePort port = service.ports().get(0);
        check(service, new InetSocketAddress(service.clusterIP(IpFamily.IPV4), port.port()),
            endpoints);
        if (service.type() == ServiceType.NODE_PORT) {
          check(service, new InetSocketAddress(NODE.nodeIP(IpFamily.IPV4), port.nodePort()),
              endpoints);
        }
      }
    } finally {
      for (ServerSocket server : servers) {
        server.close();
      }
    }
  }

  /** "address:port" of the service's endpoints, from its EndpointSlices. */
  private static Set<String> endpointsOf(ClusterService service, ClusterState state) {
    Set<String> out = new HashSet<>();
    for (ServiceEndpointSlice slice : state.endpointSlices()) {
      if (slice.namespace().equals(service.namespace())
          && slice.serviceName().equals(service.name())) {
        for (SliceEndpoint endpoint : slice.endpoints()) {
          for (String address : endpoint.addresses()) {
            out.add(address + ":" + slice.ports().get(0).port());
          }
        }
      }
    }
    return out;
  }

  private static void check(ClusterService service, InetSocketAddress target,
      Set<String> endpoints) throws IOException {
    for (int i = 0; i < 4; i++) {
      if (endpoints.isEmpty()) {
        assertThatThrownBy(() -> connect(target)).as("%s at %s has no endpoints",
            service.key(), target).isInstanceOf(ConnectException.class);
      } else {
        assertThat(connect(target)).as("%s at %s", service.key(), target).isIn(endpoints);
      }
    }
  }

  private static String connect(InetSocketAddress target) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(target, 3000);
      socket.setSoTimeout(3000);
      return new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.UTF_8)).readLine();
    }
  }

  private static void answer(ServerSocket server, String identity) {
    while (!server.isClosed()) {
      try (Socket socket = server.accept(); OutputStream out = socket.getOutputStream()) {
        out.write((identity + "\n").getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // closed, or a client gave up
      }
    }
  }
}
