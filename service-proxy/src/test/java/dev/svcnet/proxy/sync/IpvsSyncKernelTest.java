package dev.svcnet.proxy.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.svcnet.harness.vm.InKernelVm;
import dev.svcnet.harness.vm.RoutableDummy;
import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.ipvs.IpvsOperation;
import dev.svcnet.ipvs.Protocol;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.netfilter.Backend;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.NetworkNamespace;
import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.Ips;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesProfile;
import dev.svcnet.proxy.IpvsPlan;
import dev.svcnet.proxy.IpvsPlanner;
import dev.svcnet.proxy.IpvsVirtualServer;
import dev.svcnet.proxy.KubernetesObjects;
import dev.svcnet.proxy.NodeSettings;
import dev.svcnet.proxy.ServiceEndpointSlice;
import dev.svcnet.proxy.testing.EndpointServers;
import dev.svcnet.proxy.testing.ServiceTraffic;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
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
 * that service's ready endpoints, while services without endpoints refuse ({@link ServiceTraffic},
 * with {@link EndpointServers#localAddresses()} on the endpoint addresses); and kube-proxy's
 * graceful termination holds for a real open TCP connection.
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

  @Test
  void virtualServersInExcludedCidrsSurviveTheSync() throws Exception {
    try (NetworkNamespace node = NetworkNamespace.create("ipvs-exclude")) {
      node.call(() -> {
        RoutableDummy.add();
        try (IpvsClient client = IpvsClient.open()) {
          ServiceId excluded = ServiceId.of(Protocol.TCP, Ips.parse("192.0.2.80"), 443);
          ServiceId foreign = ServiceId.of(Protocol.TCP, Ips.parse("198.18.0.80"), 443);
          client.apply(List.of(new IpvsOperation.AddService(VirtualService.of(excluded, "rr")),
              new IpvsOperation.AddService(VirtualService.of(foreign, "rr"))));
          ServiceProxier proxier = ServiceProxier.ipvs(client, Backend.SYSTEM, NODE,
              IpFamily.IPV4, "rr", IptablesOptions.defaults(IptablesProfile.CURRENT),
              List.of(Cidr.parse("192.0.2.0/24")));
          proxier.replaceAll(IpvsCompanionSyncTest.LOAD_BALANCER);
          proxier.sync();
          assertThat(client.dump().stream().map(Service::id).toList())
              .as("virtual servers after the sync").contains(excluded).doesNotContain(foreign);
          Map<String, Set<RealServer>> owned = new TreeMap<>();
          for (Service service : client.dump()) {
            if (!service.id().equals(excluded)) {
              Set<RealServer> servers = new HashSet<>();
              service.destinations().forEach(d -> servers.add(d.server()));
              owned.put(service.service().toString(), servers);
            }
          }
          assertThat(owned).isEqualTo(
              planned(IpvsPlanner.plan(proxier.desired(), NODE, IpFamily.IPV4, "rr")));
          assertThat(proxier.sync().wroteNothing()).as("a second sync").isTrue();
        }
        return null;
      });
    }
  }

  @Test
  void aRemovedRealServerDrainsWhileItsConnectionIsOpen() throws Exception {
    try (NetworkNamespace node = NetworkNamespace.create("ipvs-drain")) {
      node.call(() -> {
        checkDraining();
        return null;
      });
    }
  }

  /**
   * kube-proxy's graceful termination with a real connection: the endpoint holding an open TCP
   * connection is removed, its real server stays with weight 0 (the connection is still served,
   * new connections go to the other endpoint), comes back with weight 1 when the endpoint
   * returns, and after a second removal is deleted by the first sync after the connection is
   * gone from the kernel's counters.
   */
  private static void checkDraining() throws Exception {
    String first = ServiceTraffic.endpointIp(0);
    String second = ServiceTraffic.endpointIp(1);
    RoutableDummy.add(List.of(first + "/32", second + "/32"));
    ExternalCommand.of("ip", "link", "set", "lo", "up").runChecked();
    InetSocketAddress vip = new InetSocketAddress(Ips.parse("10.96.0.50"), 80);
    try (IpvsClient client = IpvsClient.open();
        LineAnsweringServers servers = new LineAnsweringServers(List.of(first, second), 8080)) {
      ServiceProxier proxier = ServiceProxier.ipvs(client, NODE, IpFamily.IPV4, "rr");
      proxier.replaceAll(KubernetesObjects.fromYaml(DRAIN_SERVICE + drainSlice(first, second)));
      proxier.sync();
      String holder;
      try (Socket held = new Socket()) {
        held.connect(vip, 5000);
        held.setSoTimeout(5000);
        holder = ask(held);
        String other = holder.equals(first) ? second : first;

        proxier.updateEndpointSlice(slice(drainSlice(other)));
        SyncResult removal = proxier.sync();
        assertThat(removal.realServersDraining()).as("draining after the removal").isEqualTo(1);
        Destination draining = destination(client, holder);
        assertThat(draining.server().weight()).as("weight of the removed %s", holder).isZero();
        assertThat(draining.activeConnections()).as("its active connections").isEqualTo(1);
        assertThat(ask(held)).as("the open connection after the removal").isEqualTo(holder);
        for (int i = 0; i < 3; i++) {
          assertThat(askOnce(vip)).as("new connection %d", i).isEqualTo(other);
        }
        SyncResult resync = proxier.sync();
        assertThat(resync.wroteNothing()).as("a sync while it drains writes nothing").isTrue();
        assertThat(resync.realServersDraining()).isEqualTo(1);

        proxier.updateEndpointSlice(slice(drainSlice(first, second)));
        SyncResult comeback = proxier.sync();
        assertThat(comeback.realServersDraining()).as("draining after the comeback").isZero();
        assertThat(destination(client, holder).server().weight()).as("weight after the comeback")
            .isEqualTo(1);

        proxier.updateEndpointSlice(slice(drainSlice(other)));
        assertThat(proxier.sync().realServersDraining()).isEqualTo(1);
        assertThat(ask(held)).as("the open connection after two removals").isEqualTo(holder);
        held.setSoLinger(true, 0);
      }
      // The reset puts the kernel's connection entry in CLOSE, counted as inactive until it
      // expires (10 s in the kernel's TCP state table).
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (inUse(destination(client, holder)) && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
      assertThat(inUse(destination(client, holder))).as("connections left on %s", holder)
          .isFalse();
      assertThat(destination(client, holder).server().weight()).isZero();
      SyncResult afterClose = proxier.sync();
      assertThat(afterClose.realServersDraining()).as("draining after the close").isZero();
      assertThat(afterClose.deleted()).as("deleted by the sync after the close").isEqualTo(1);
      IpvsPlan plan = IpvsPlanner.plan(proxier.desired(), NODE, IpFamily.IPV4, "rr");
      assertThat(kernelTable(client)).isEqualTo(planned(plan));
    }
  }

  private static final String DRAIN_SERVICE = "apiVersion: v1\nkind: Service\n"
      + "metadata: {namespace: t, name: drain}\n"
      + "spec: {clusterIP: 10.96.0.50, ports: [{name: http, port: 80, targetPort: 8080}]}\n---\n";

  private static String drainSlice(String... addresses) {
    StringBuilder endpoints = new StringBuilder();
    for (String address : addresses) {
      endpoints.append(endpoints.isEmpty() ? "" : ", ").append("{addresses: [").append(address)
          .append("]}");
    }
    return "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\n"
        + "metadata: {namespace: t, name: drain-1, labels: {kubernetes.io/service-name: drain}}\n"
        + "addressType: IPv4\nendpoints: [" + endpoints + "]\nports: [{name: http, port: 8080}]\n";
  }

  private static ServiceEndpointSlice slice(String yaml) {
    return KubernetesObjects.fromYaml(yaml).endpointSlices().get(0);
  }

  /** The destination at {@code address}:8080 of the drain service, as the kernel reports it. */
  private static Destination destination(IpvsClient client, String address) throws IOException {
    for (Service service : client.dump()) {
      for (Destination destination : service.destinations()) {
        if (destination.server().address().getHostAddress().equals(address)) {
          return destination;
        }
      }
    }
    throw new AssertionError("no real server " + address + " in the kernel");
  }

  private static boolean inUse(Destination destination) {
    return destination.activeConnections() + destination.inactiveConnections() != 0;
  }

  private static String ask(Socket socket) throws IOException {
    socket.getOutputStream().write("who\n".getBytes(StandardCharsets.UTF_8));
    String line = new BufferedReader(new InputStreamReader(socket.getInputStream(),
        StandardCharsets.UTF_8)).readLine();
    if (line == null) {
      throw new IOException("the connection was closed");
    }
    return line;
  }

  private static String askOnce(InetSocketAddress target) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(target, 5000);
      socket.setSoTimeout(5000);
      return ask(socket);
    }
  }

  /**
   * TCP servers on {@code port} of each address that answer every line of a connection with
   * their address, keeping the connection open until the client closes it.
   */
  private static final class LineAnsweringServers implements AutoCloseable {
    private final List<ServerSocket> sockets = new ArrayList<>();

    LineAnsweringServers(List<String> addresses, int port) throws IOException {
      try {
        for (String address : addresses) {
          ServerSocket server = new ServerSocket();
          sockets.add(server);
          server.bind(new InetSocketAddress(Ips.parse(address), port));
          Thread acceptor = new Thread(() -> accept(server, address), "server " + address);
          acceptor.setDaemon(true);
          acceptor.start();
        }
      } catch (IOException e) {
        close();
        throw e;
      }
    }

    private static void accept(ServerSocket server, String identity) {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          Thread answerer = new Thread(() -> answer(socket, identity), "answer " + identity);
          answerer.setDaemon(true);
          answerer.start();
        } catch (IOException e) {
          // closed
        }
      }
    }

    private static void answer(Socket socket, String identity) {
      try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(
          socket.getInputStream(), StandardCharsets.UTF_8))) {
        OutputStream out = socket.getOutputStream();
        while (in.readLine() != null) {
          out.write((identity + "\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      } catch (IOException e) {
        // the client reset the connection
      }
    }

    @Override
    public void close() {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }
  }
}
