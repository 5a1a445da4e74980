package dev.svcnet.proxy.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.svcnet.harness.netns.InNetworkNamespace;
import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.Iproute2;
import dev.svcnet.netlink.netns.NetworkNamespace;
import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.ClusterService;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.EndpointAddressType;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.Ips;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesProfile;
import dev.svcnet.proxy.IptablesRenderer;
import dev.svcnet.proxy.NodeSettings;
import dev.svcnet.proxy.Protocol;
import dev.svcnet.proxy.ServiceEndpointSlice;
import dev.svcnet.proxy.ServicePort;
import dev.svcnet.proxy.ServiceType;
import dev.svcnet.proxy.SliceEndpoint;
import dev.svcnet.proxy.SlicePort;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The traffic property in real namespaces: this test's namespace is the node (bridge br0,
 * 10.244.0.1/24); four backend namespaces hang off the bridge, each running small TCP servers on
 * ports 8080-8082 that answer with their identity. For random NodePort services and endpoint
 * sets, the rendered payload is loaded with the real iptables-restore, and every connection to
 * a ClusterIP:port or to the node IP and NodePort reaches one of that service's endpoints (always
 * the same one with ClientIP affinity); a service without endpoints refuses. The same holds for
 * both layouts, the current one and kube-proxy 1.22's (NodePorts straight to KUBE-SVC). With
 * externalTrafficPolicy Local, a client outside the cluster (its own namespace on the bridge,
 * 192.0.2.10, talking to the node's 192.0.2.1) reaches only endpoints on this node, through
 * KUBE-SVL (current) or KUBE-XLB (1.22), and none where the node has no endpoint of its own.
 * Everything stays inside the namespaces made here.
 */
@InNetworkNamespace
class ClusterIpTrafficTest {

  private static final int BACKENDS = 4;
  private static final int[] TARGET_PORTS = {8080, 8081, 8082};
  private static final int CONNECTIONS_PER_SERVICE = 6;

  private static final NodeSettings NODE = new NodeSettings("node-a",
      List.of(Ips.parse("10.244.0.1")), List.of(Cidr.parse("10.244.0.0/16")), "cluster.local");

  private final List<NetworkNamespace> backends = new ArrayList<>();
  private final List<ServerSocket> servers = new ArrayList<>();
  private final AtomicInteger example = new AtomicInteger();

  /**
   * A generated service: which backends serve it (bit mask), on which target port, and whether
   * it has ClientIP session affinity.
   */
  record ServiceCase(int backendMask, int targetPort, boolean affinity) {
    static ServiceCase of(int seed) {
      return new ServiceCase(seed & 0xF, TARGET_PORTS[(seed >> 4) % TARGET_PORTS.length],
          (seed & 0x40) != 0);
    }
  }

  /**
   * A generated externalTrafficPolicy Local service: which backends serve it and which of them
   * run on this node (the others on node-b), and its target port.
   */
  record LocalPolicyCase(int backendMask, int localMask, int targetPort) {
    static LocalPolicyCase of(int seed) {
      return new LocalPolicyCase(seed & 0xF, (seed >> 4) & 0xF,
          TARGET_PORTS[(seed >> 8) % TARGET_PORTS.length]);
    }

    Set<String> expectedAnswers() {
      Set<String> expected = new HashSet<>();
      for (int b = 0; b < BACKENDS; b++) {
        if ((backendMask & localMask & (1 << b)) != 0) {
          expected.add("backend-" + b + ":" + targetPort);
        }
      }
      return expected;
    }
  }

  /** Runs {@code ip ARGS} here: the test already runs on the node namespace's thread. */
  private static void nodeIp(String... args) throws IOException {
    List<String> argv = new ArrayList<>(List.of("ip"));
    argv.addAll(List.of(args));
    ExternalCommand.of(argv.toArray(String[]::new)).runChecked();
  }

  @BeforeEach
  void startBackends() throws IOException {
    nodeIp("link", "add", "br0", "type", "bridge");
    nodeIp("address", "add", "10.244.0.1/24", "dev", "br0");
    nodeIp("link", "set", "br0", "up");
    nodeIp("route", "add", "10.96.0.0/16", "dev", "br0");
    for (int i = 0; i < BACKENDS; i++) {
      NetworkNamespace backend = NetworkNamespace.create("backend-" + i);
      backends.add(backend);
      nodeIp("link", "add", "vb" + i, "type", "veth", "peer", "name", "eth0", "netns",
          backend.path().toString());
      nodeIp("link", "set", "vb" + i, "master", "br0");
      nodeIp("link", "set", "vb" + i, "up");
      Iproute2 podIp = Iproute2.in(backend);
      podIp.addAddress("eth0", backendIp(i) + "/24");
      podIp.up("eth0");
      podIp.addRoute("default", "10.244.0.1");
      for (int port : TARGET_PORTS) {
        String identity = "backend-" + i + ":" + port;
        ServerSocket server = backend.call(() -> new ServerSocket(port, 50));
        servers.add(server);
        Thread thread = new Thread(() -> answer(server, identity), identity);
        thread.setDaemon(true);
        thread.start();
      }
    }
  }

  @AfterEach
  void stopBackends() {
    for (ServerSocket server : servers) {
      try {
        server.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    backends.forEach(NetworkNamespace::close);
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

  static String backendIp(int i) {
    return "10.244.0." + (10 + i);
  }

  @ParameterizedTest
  @EnumSource(IptablesProfile.class)
  @Timeout(60)
  void connectionsToEveryClusterIpReachOnlyThatServicesEndpoints(IptablesProfile profile) {
    qt().withExamples(8).withShrinkCycles(10)
        .forAll(lists().of(integers().between(0, 127)).ofSizeBetween(1, 4))
        .checkAssert(seeds -> {
          List<ServiceCase> cases = seeds.stream().map(ServiceCase::of).toList();
          try {
            checkTraffic(cases, example.incrementAndGet(), profile);
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });
  }

  @ParameterizedTest
  @EnumSource(IptablesProfile.class)
  @Timeout(90)
  void externalClientsOfLocalPolicyNodePortsReachOnlyThisNodesEndpoints(IptablesProfile profile)
      throws IOException {
    nodeIp("address", "add", "192.0.2.1/24", "dev", "br0");
    ExternalCommand.of("sysctl", "-q", "-w", "net.ipv4.ip_forward=1").runChecked();
    try (NetworkNamespace client = NetworkNamespace.create("client")) {
      nodeIp("link", "add", "vc", "type", "veth", "peer", "name", "eth0", "netns",
          client.path().toString());
      nodeIp("link", "set", "vc", "master", "br0");
      nodeIp("link", "set", "vc", "up");
      Iproute2 clientIp = Iproute2.in(client);
      clientIp.addAddress("eth0", "192.0.2.10/24");
      clientIp.up("eth0");
      clientIp.addRoute("default", "192.0.2.1");
      qt().withExamples(6).withShrinkCycles(5)
          .forAll(lists().of(integers().between(0, 1023)).ofSizeBetween(1, 3))
          .checkAssert(seeds -> {
            try {
              checkLocalPolicy(seeds.stream().map(LocalPolicyCase::of).toList(),
                  example.incrementAndGet(), profile, client);
            } catch (IOException e) {
              throw new AssertionError(e);
            }
          });
    }
  }

  private void checkLocalPolicy(List<LocalPolicyCase> cases, int round, IptablesProfile profile,
      NetworkNamespace client) throws IOException {
    List<ClusterService> services = new ArrayList<>();
    List<ServiceEndpointSlice> slices = new ArrayList<>();
    for (int s = 0; s < cases.size(); s++) {
      LocalPolicyCase c = cases.get(s);
      String name = "local" + s;
      services.add(new ClusterService("t", name, ServiceType.NODE_PORT, false,
          List.of(clusterIp(round, s)),
          List.of(ServicePort.of("http", Protocol.TCP, 80 + s).withNodePort(nodePort(round, s))),
          List.of(), List.of(), List.of(), 0, true, false, 0, null, false));
      List<SliceEndpoint> endpoints = new ArrayList<>();
      for (int b = 0; b < BACKENDS; b++) {
        if ((c.backendMask() & (1 << b)) != 0) {
          endpoints.add(SliceEndpoint.ready(backendIp(b),
              (c.localMask() & (1 << b)) != 0 ? NODE.nodeName() : "node-b"));
        }
      }
      slices.add(new ServiceEndpointSlice("t", name + "-1", name, EndpointAddressType.IPV4,
          endpoints, List.of(new SlicePort("http", Protocol.TCP, c.targetPort()))));
    }
    load(ClusterState.of(services, slices), profile);

    for (int s = 0; s < cases.size(); s++) {
      LocalPolicyCase c = cases.get(s);
      InetSocketAddress vip = new InetSocketAddress(Ips.parse("192.0.2.1"), nodePort(round, s));
      Set<String> expected = c.expectedAnswers();
      if (expected.isEmpty()) {
        // No endpoint here: rejected (none at all) or dropped (1.22 falls through KUBE-XLB to
        // the node's own closed port, the current layout drops in KUBE-EXTERNAL-SERVICES).
        assertThatThrownBy(() -> client.call(() -> identityAt(vip, 1000)))
            .as("%s has no endpoint on this node", vip).isInstanceOf(IOException.class);
        continue;
      }
      for (int n = 0; n < CONNECTIONS_PER_SERVICE; n++) {
        String answer = client.call(() -> identityAt(vip, 2000));
        assertThat(answer).as("answer from %s to an external client", vip).isIn(expected);
      }
    }
  }

  private void checkTraffic(List<ServiceCase> cases, int round, IptablesProfile profile)
      throws IOException {
    List<ClusterService> services = new ArrayList<>();
    List<ServiceEndpointSlice> slices = new ArrayList<>();
    for (int s = 0; s < cases.size(); s++) {
      ServiceCase c = cases.get(s);
      String name = "svc" + s;
      services.add(new ClusterService("t", name, ServiceType.NODE_PORT, false,
          List.of(clusterIp(round, s)),
          List.of(ServicePort.of("http", Protocol.TCP, 80 + s).withNodePort(nodePort(round, s))),
          List.of(), List.of(), List.of(),
          c.affinity() ? ClusterService.DEFAULT_AFFINITY_TIMEOUT_SECONDS : 0,
          false, false, 0, null, false));
      List<SliceEndpoint> endpoints = new ArrayList<>();
      for (int b = 0; b < BACKENDS; b++) {
        if ((c.backendMask() & (1 << b)) != 0) {
          endpoints.add(SliceEndpoint.ready(backendIp(b), null));
        }
      }
      slices.add(new ServiceEndpointSlice("t", name + "-1", name, EndpointAddressType.IPV4,
          endpoints, List.of(new SlicePort("http", Protocol.TCP, c.targetPort()))));
    }
    load(ClusterState.of(services, slices), profile);

    for (int s = 0; s < cases.size(); s++) {
      ServiceCase c = cases.get(s);
      checkAddress(c, new InetSocketAddress(clusterIp(round, s), 80 + s));
      checkAddress(c, new InetSocketAddress(Ips.parse("10.244.0.1"), nodePort(round, s)));
    }
  }

  private static void load(ClusterState state, IptablesProfile profile) throws IOException {
    IptablesOptions options = IptablesOptions.defaults(profile);
    String payload = IptablesRenderer.render(state, NODE, IpFamily.IPV4, options);
    // As kube-proxy does: chains it ensures first, then the payload and the jumps (--noflush),
    // here into tables emptied of the previous round.
    restore("*filter\nCOMMIT\n*nat\nCOMMIT\n");
    String prerequisites = IptablesRenderer.prerequisites(IpFamily.IPV4, options);
    if (!prerequisites.isEmpty()) {
      restore(prerequisites, "--noflush");
    }
    restore(payload, "--noflush");
    restore(IptablesRenderer.jumpRules(IpFamily.IPV4, options), "--noflush");
  }

  /**
   * Connections to {@code vip} reach only the endpoints of case {@code c} (all of them the same
   * one with session affinity, since every connection comes from the same client address), or
   * are refused when it has none.
   */
  private static void checkAddress(ServiceCase c, InetSocketAddress vip) throws IOException {
    Set<String> expected = new HashSet<>();
    for (int b = 0; b < BACKENDS; b++) {
      if ((c.backendMask() & (1 << b)) != 0) {
        expected.add("backend-" + b + ":" + c.targetPort());
      }
    }
    if (expected.isEmpty()) {
      assertThatThrownBy(() -> identityAt(vip)).as("%s has no endpoints", vip)
          .isInstanceOf(ConnectException.class);
      return;
    }
    Set<String> answers = new HashSet<>();
    for (int n = 0; n < CONNECTIONS_PER_SERVICE; n++) {
      String answer = identityAt(vip);
      assertThat(answer).as("answer from %s", vip).isIn(expected);
      answers.add(answer);
    }
    if (c.affinity()) {
      assertThat(answers).as("ClientIP affinity at %s", vip).hasSize(1);
    }
  }

  /** A different node port per round, so conntrack entries of earlier rounds never match. */
  private static int nodePort(int round, int service) {
    return 30000 + (round % 500) * 4 + service;
  }

  private static java.net.InetAddress clusterIp(int round, int service) {
    return Ips.parse("10.96." + (round % 250) + "." + (service + 1));
  }

  private static String identityAt(InetSocketAddress vip) throws IOException {
    return identityAt(vip, 2000);
  }

  private static String identityAt(InetSocketAddress vip, int timeoutMillis) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(vip, timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      return new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.UTF_8)).readLine();
    }
  }

  private static void restore(String text, String... extra) throws IOException {
    List<String> argv = new ArrayList<>(List.of("iptables-restore", "-w"));
    argv.addAll(List.of(extra));
    CommandResult result = ExternalCommand.of(argv.toArray(String[]::new)).withStdin(text).run();
    assertThat(result.exitCode()).as(result.describe()).isZero();
  }
}
