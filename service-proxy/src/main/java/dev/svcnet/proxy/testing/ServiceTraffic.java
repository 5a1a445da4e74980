package dev.svcnet.proxy.testing;

import dev.svcnet.netlink.netns.NetworkNamespace;
import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.ClusterService;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.EndpointAddressType;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.Ips;
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
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The traffic property of a node programmed by service-proxy (either mode): a connection from
 * the node to a Service's ClusterIP:port, or to the node IP and its NodePort, reaches one of that
 * Service's ready endpoints, on the port its EndpointSlice names; always the same one with ClientIP
 * affinity (every connection comes from the same address); and is refused when it has no ready
 * endpoint. Endpoints answer with {@code address:port} ({@link EndpointServers}).
 */
public final class ServiceTraffic {

  /** How many endpoint addresses the cases choose from. */
  public static final int ENDPOINTS = 4;
  /** The target ports every endpoint serves. */
  public static final int[] TARGET_PORTS = {8080, 8081, 8082};
  /** Most Services in one {@link #state}. */
  public static final int MAX_SERVICES = 8;
  /** The node: {@code node-a}, 10.244.0.1, cluster CIDR 10.244.0.0/16. */
  public static final NodeSettings NODE = new NodeSettings("node-a",
      List.of(Ips.parse("10.244.0.1")), List.of(Cidr.parse("10.244.0.0/16")), "cluster.local");
  /** Where the ClusterIPs of {@link #state} lie. */
  public static final Cidr SERVICE_RANGE = Cidr.parse("10.96.0.0/16");
  /** Where endpoints not on {@link #NODE} run. */
  public static final String OTHER_NODE = "node-b";
  /** The node's address towards {@link EndpointServers#outsideClient() the outside client}. */
  public static final String OUTSIDE_NODE_IP = "192.0.2.1";
  /** The outside client's address ({@link EndpointServers#outsideClient()}). */
  public static final String OUTSIDE_CLIENT_IP = "192.0.2.10";
  private static final int CONNECT_TIMEOUT_MILLIS = 2000;
  /** How long a client waits for a connection that may be dropped rather than refused. */
  private static final int DROP_TIMEOUT_MILLIS = 1000;

  private ServiceTraffic() {}

  /** Endpoint {@code i}'s address: 10.244.0.(10 + i). */
  public static String endpointIp(int i) {
    return "10.244.0." + (10 + i);
  }

  /**
   * The Services {@code t/svc0..} (port {@code http}, TCP 80 + index) and one EndpointSlice each
   * for {@code cases}. ClusterIPs and NodePorts differ from round to round (up to 4095 rounds,
   * NodePorts repeat after 300), so that connection-tracking entries of an earlier round on the
   * same node never match.
   */
  public static ClusterState state(List<ServiceCase> cases, int round) {
    checkRoundAndSize(cases.size(), round);
    List<ClusterService> services = new ArrayList<>();
    List<ServiceEndpointSlice> slices = new ArrayList<>();
    for (int s = 0; s < cases.size(); s++) {
      ServiceCase c = cases.get(s);
      String name = "svc" + s;
      services.add(service(name, s, round, c.nodePort(), c.affinity(), false));
      List<SliceEndpoint> endpoints = new ArrayList<>();
      for (int e = 0; e < ENDPOINTS; e++) {
        if ((c.readyMask() & (1 << e)) != 0) {
          endpoints.add(SliceEndpoint.ready(endpointIp(e), null));
        } else if ((c.listedNotReady() & (1 << e)) != 0) {
          endpoints.add(SliceEndpoint.ready(endpointIp(e), null)
              .withConditions(false, false, false));
        }
      }
      slices.add(new ServiceEndpointSlice("t", name + "-1", name, EndpointAddressType.IPV4,
          endpoints, List.of(new SlicePort("http", Protocol.TCP,
              TARGET_PORTS[c.targetPortIndex()]))));
    }
    return ClusterState.of(services, slices);
  }

  /**
   * The NodePort Services {@code t/local0..} with externalTrafficPolicy Local (port {@code http},
   * TCP 80 + index) and one EndpointSlice each for {@code cases}, numbered as by {@link #state}.
   */
  public static ClusterState localPolicyState(List<LocalPolicyCase> cases, int round) {
    checkRoundAndSize(cases.size(), round);
    List<ClusterService> services = new ArrayList<>();
    List<ServiceEndpointSlice> slices = new ArrayList<>();
    for (int s = 0; s < cases.size(); s++) {
      LocalPolicyCase c = cases.get(s);
      String name = "local" + s;
      services.add(service(name, s, round, true, false, true));
      List<SliceEndpoint> endpoints = new ArrayList<>();
      for (int e = 0; e < ENDPOINTS; e++) {
        if ((c.readyMask() & (1 << e)) != 0) {
          endpoints.add(SliceEndpoint.ready(endpointIp(e),
              (c.localMask() & (1 << e)) != 0 ? NODE.nodeName() : OTHER_NODE));
        }
      }
      slices.add(new ServiceEndpointSlice("t", name + "-1", name, EndpointAddressType.IPV4,
          endpoints, List.of(new SlicePort("http", Protocol.TCP,
              TARGET_PORTS[c.targetPortIndex()]))));
    }
    return ClusterState.of(services, slices);
  }

  private static void checkRoundAndSize(int services, int round) {
    if (services > MAX_SERVICES) {
      throw new IllegalArgumentException("at most " + MAX_SERVICES + " services, got "
          + services);
    }
    if (round < 0 || round >= 4096) {
      throw new IllegalArgumentException("round must be 0..4095, got " + round);
    }
  }

  /** Service number {@code s} of a round: its ClusterIP and NodePort differ from round to round. */
  private static ClusterService service(String name, int s, int round, boolean nodePort,
      boolean affinity, boolean externalTrafficPolicyLocal) {
    ServicePort port = ServicePort.of("http", Protocol.TCP, 80 + s);
    if (nodePort) {
      port = port.withNodePort(30000 + (round % 300) * MAX_SERVICES + s);
    }
    int ip = (round << 4) + s + 1;
    return new ClusterService("t", name,
        nodePort ? ServiceType.NODE_PORT : ServiceType.CLUSTER_IP, false,
        List.of(Ips.parse("10.96." + (ip >> 8) + "." + (ip & 0xFF))), List.of(port),
        List.of(), List.of(), List.of(),
        affinity ? ClusterService.DEFAULT_AFFINITY_TIMEOUT_SECONDS : 0,
        externalTrafficPolicyLocal, false, 0, null, false);
  }

  /**
   * Connects {@code connections} times to every IPv4 ClusterIP:port and node IP:NodePort of the
   * TCP ports of {@code state}'s Services, from the calling thread's network namespace (the
   * node), and lists every way the answers broke the property; empty if none did.
   */
  public static List<String> problems(ClusterState state, NodeSettings node, int connections)
      throws IOException {
    List<String> problems = new ArrayList<>();
    for (ClusterService service : state.services()) {
      InetAddress clusterIp = service.clusterIP(IpFamily.IPV4);
      if (clusterIp == null || service.type() == ServiceType.EXTERNAL_NAME) {
        continue;
      }
      for (ServicePort port : service.ports()) {
        if (port.protocol() != Protocol.TCP) {
          continue;
        }
        Set<String> endpoints = readyEndpoints(state, service, port, null);
        boolean affinity = service.sessionAffinityTimeoutSeconds() > 0;
        check(service, new InetSocketAddress(clusterIp, port.port()), endpoints, affinity,
            connections, ServiceTraffic::identityAt, false, problems);
        if (port.nodePort() != 0 && service.type() != ServiceType.CLUSTER_IP) {
          check(service, new InetSocketAddress(node.nodeIP(IpFamily.IPV4), port.nodePort()),
              endpoints, affinity, connections, ServiceTraffic::identityAt, false, problems);
        }
      }
    }
    return problems;
  }

  /**
   * Connects {@code connections} times from {@code client} (a namespace outside the cluster, as
   * {@link EndpointServers#outsideClient()}) to {@code nodeAddress} and every NodePort of the TCP
   * ports of {@code state}'s Services, and lists every way the answers broke the property for
   * external traffic: an answer from one of the ready endpoints, only those on {@code node} with
   * externalTrafficPolicy Local; no answer (refused or dropped) where there is none. Empty if
   * none broke it.
   */
  public static List<String> externalProblems(ClusterState state, NodeSettings node,
      NetworkNamespace client, InetAddress nodeAddress, int connections) throws IOException {
    List<String> problems = new ArrayList<>();
    for (ClusterService service : state.services()) {
      if (service.type() == ServiceType.CLUSTER_IP
          || service.type() == ServiceType.EXTERNAL_NAME) {
        continue;
      }
      for (ServicePort port : service.ports()) {
        if (port.protocol() != Protocol.TCP || port.nodePort() == 0) {
          continue;
        }
        Set<String> endpoints = readyEndpoints(state, service, port,
            service.externalTrafficPolicyLocal() ? node.nodeName() : null);
        boolean affinity = service.sessionAffinityTimeoutSeconds() > 0;
        check(service, new InetSocketAddress(nodeAddress, port.nodePort()), endpoints, affinity,
            connections, target -> client.call(() -> identityAt(target,
                endpoints.isEmpty() ? DROP_TIMEOUT_MILLIS : CONNECT_TIMEOUT_MILLIS)),
            true, problems);
      }
    }
    return problems;
  }

  /**
   * {@code address:port} of the service port's ready endpoints, from its EndpointSlices; only
   * those on {@code onlyNode} unless it is null.
   */
  static Set<String> readyEndpoints(ClusterState state, ClusterService service,
      ServicePort port, String onlyNode) {
    Set<String> out = new TreeSet<>();
    for (ServiceEndpointSlice slice : state.endpointSlices()) {
      if (!slice.namespace().equals(service.namespace())
          || !slice.serviceName().equals(service.name())) {
        continue;
      }
      for (SlicePort slicePort : slice.ports()) {
        if (!java.util.Objects.equals(slicePort.name(), port.name())
            || slicePort.protocol() != port.protocol()) {
          continue;
        }
        for (SliceEndpoint endpoint : slice.endpoints()) {
          if (endpoint.ready()
              && (onlyNode == null || onlyNode.equals(endpoint.nodeName()))) {
            out.add(endpoint.addresses().get(0) + ":" + slicePort.port());
          }
        }
      }
    }
    return out;
  }

  /** Connects to a target and reads its endpoint's answer. */
  @FunctionalInterface
  private interface Client {
    String identityAt(InetSocketAddress target) throws IOException;
  }

  /**
   * Checks the answers at {@code target}; without endpoints a connection must be refused, or
   * either refused or dropped where {@code dropAllowed}.
   */
  private static void check(ClusterService service, InetSocketAddress target,
      Set<String> endpoints, boolean affinity, int connections, Client client,
      boolean dropAllowed, List<String> problems) {
    String what = service.namespace() + "/" + service.name() + " at "
        + target.getAddress().getHostAddress() + ":" + target.getPort();
    Set<String> answers = new TreeSet<>();
    for (int n = 0; n < connections; n++) {
      String answer;
      try {
        answer = client.identityAt(target);
      } catch (ConnectException refused) {
        if (!endpoints.isEmpty()) {
          problems.add(what + ": connection refused, expected one of " + endpoints);
          return;
        }
        continue;
      } catch (IOException e) {
        if (dropAllowed && endpoints.isEmpty()) {
          return;
        }
        problems.add(what + ": " + e + (endpoints.isEmpty() ? ", expected a refusal"
            : ", expected one of " + endpoints));
        return;
      }
      if (endpoints.isEmpty()) {
        problems.add(what + ": answered " + answer + ", expected a refusal (no ready endpoint)");
        return;
      }
      if (!endpoints.contains(answer)) {
        problems.add(what + ": answered " + answer + ", expected one of " + endpoints);
        return;
      }
      answers.add(answer);
    }
    if (affinity && answers.size() > 1) {
      problems.add(what + ": with ClientIP affinity one client reached " + answers);
    }
  }

  /** Connects to {@code target} and reads the line its endpoint answers with. */
  public static String identityAt(InetSocketAddress target) throws IOException {
    return identityAt(target, CONNECT_TIMEOUT_MILLIS);
  }

  private static String identityAt(InetSocketAddress target, int timeoutMillis)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(target, timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      String line = new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.UTF_8)).readLine();
      if (line == null) {
        throw new IOException("connection closed without an answer");
      }
      return line;
    }
  }
}
