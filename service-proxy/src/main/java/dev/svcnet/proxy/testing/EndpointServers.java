package dev.svcnet.proxy.testing;

import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.Iproute2;
import dev.svcnet.netlink.netns.NetworkNamespace;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.Ips;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ServiceTraffic}'s endpoints: small TCP servers on every endpoint address and target
 * port, each answering a connection with one line, its {@code address:port}. {@link #close()}
 * stops the servers and removes the namespaces, addresses and routes made here.
 */
public final class EndpointServers implements AutoCloseable {

  private static final String BRIDGE = "svcbr0";
  /** Where {@link #onLoopback()} routes the ClusterIPs: a bridge without ports. */
  private static final String SERVICE_BRIDGE = "svcips0";
  /** Covers every {@link ServiceTraffic#endpointIp} (10.244.0.10 to .13). */
  private static final String ENDPOINT_RANGE = "10.244.0.8/29";

  private final List<NetworkNamespace> pods = new ArrayList<>();
  private final List<ServerSocket> servers = new ArrayList<>();
  /** {@code ip} commands that undo what a factory set up, in the order to run them. */
  private final List<String[]> undo = new ArrayList<>();
  private boolean bridged;

  private EndpointServers() {}

  /**
   * As on a node in iptables mode, with the calling thread's namespace as the node: a bridge with
   * the node's address 10.244.0.1/24 and a route for {@link ServiceTraffic#SERVICE_RANGE}, and
   * one pod namespace per endpoint on it (a veth, its address, a default route via the node).
   */
  public static EndpointServers bridgedPods() throws IOException {
    EndpointServers made = new EndpointServers();
    made.bridged = true;
    try {
      node("link", "add", BRIDGE, "type", "bridge");
      node("address", "add", "10.244.0.1/24", "dev", BRIDGE);
      node("link", "set", BRIDGE, "up");
      node("route", "add", ServiceTraffic.SERVICE_RANGE.toString(), "dev", BRIDGE);
      for (int i = 0; i < ServiceTraffic.ENDPOINTS; i++) {
        NetworkNamespace pod = NetworkNamespace.create("endpoint-" + i);
        made.pods.add(pod);
        String veth = "svcep" + i;
        node("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns",
            pod.path().toString());
        node("link", "set", veth, "master", BRIDGE);
        node("link", "set", veth, "up");
        Iproute2 podIp = Iproute2.in(pod);
        podIp.addAddress("eth0", ServiceTraffic.endpointIp(i) + "/24");
        podIp.up("eth0");
        podIp.addRoute("default", "10.244.0.1");
        for (int port : ServiceTraffic.TARGET_PORTS) {
          String address = ServiceTraffic.endpointIp(i);
          made.serve(pod.call(() -> bound(address, port)), address + ":" + port);
        }
      }
      return made;
    } catch (IOException | RuntimeException e) {
      made.close();
      throw e;
    }
  }

  /**
   * A client outside the cluster, on the bridge of {@link #bridgedPods()}: its own namespace with
   * {@link ServiceTraffic#OUTSIDE_CLIENT_IP}/24 and a default route via the node's
   * {@link ServiceTraffic#OUTSIDE_NODE_IP}, which is added to the bridge; the node forwards IPv4.
   * {@link #close()} removes the namespace.
   */
  public NetworkNamespace outsideClient() throws IOException {
    if (!bridged) {
      throw new IllegalStateException("an outside client needs the bridge of bridgedPods()");
    }
    node("address", "add", ServiceTraffic.OUTSIDE_NODE_IP + "/24", "dev", BRIDGE);
    ExternalCommand.of("sysctl", "-q", "-w", "net.ipv4.ip_forward=1").runChecked();
    NetworkNamespace client = NetworkNamespace.create("outside-client");
    pods.add(client);
    node("link", "add", "svccl", "type", "veth", "peer", "name", "eth0", "netns",
        client.path().toString());
    node("link", "set", "svccl", "master", BRIDGE);
    node("link", "set", "svccl", "up");
    Iproute2 clientIp = Iproute2.in(client);
    clientIp.addAddress("eth0", ServiceTraffic.OUTSIDE_CLIENT_IP + "/24");
    clientIp.up("eth0");
    clientIp.addRoute("default", ServiceTraffic.OUTSIDE_NODE_IP);
    return client;
  }

  /**
   * As on a node in IPVS mode: servers in the calling thread's namespace, bound to the endpoint
   * addresses, which the caller has already made local (e.g. on a dummy interface).
   */
  public static EndpointServers localAddresses() throws IOException {
    EndpointServers made = new EndpointServers();
    try {
      made.serveEveryEndpoint();
      return made;
    } catch (IOException | RuntimeException e) {
      made.close();
      throw e;
    }
  }

  /**
   * As on a node whose endpoints are its own addresses, all in the calling thread's one network
   * namespace (a container's, where no namespace can be made; this kernel has no dummy
   * interface): the node's address ({@link ServiceTraffic#NODE}, 10.244.0.1/32) on {@code lo},
   * the endpoint addresses made local with {@code ip route add local 10.244.0.8/29 dev lo}, and
   * {@link ServiceTraffic#SERVICE_RANGE} routed to a bridge without ports, so that a connection
   * to a ClusterIP that no rule rewrote goes unanswered; plus the servers of {@link
   * #localAddresses()}. A client in the same namespace reaches the endpoints through kube-proxy's
   * nat OUTPUT rules. Not routed through {@code lo}: the kernel takes a destination routed there
   * for a local one, and a REJECT of such a connection sends its ICMP error from that
   * (non-local) ClusterIP, which is never sent, so the client would time out instead of being
   * refused. {@link #close()} removes the bridge, address and routes again.
   */
  public static EndpointServers onLoopback() throws IOException {
    EndpointServers made = new EndpointServers();
    String nodeIp = ServiceTraffic.NODE.nodeIP(IpFamily.IPV4).getHostAddress() + "/32";
    try {
      node("link", "set", "lo", "up");
      made.setUp(new String[] {"address", "add", nodeIp, "dev", "lo"},
          new String[] {"address", "del", nodeIp, "dev", "lo"});
      made.setUp(new String[] {"route", "add", "local", ENDPOINT_RANGE, "dev", "lo"},
          new String[] {"route", "del", "local", ENDPOINT_RANGE, "dev", "lo"});
      made.setUp(new String[] {"link", "add", SERVICE_BRIDGE, "type", "bridge"},
          new String[] {"link", "del", SERVICE_BRIDGE});
      node("link", "set", SERVICE_BRIDGE, "up");
      node("route", "add", ServiceTraffic.SERVICE_RANGE.toString(), "dev", SERVICE_BRIDGE);
      made.serveEveryEndpoint();
      return made;
    } catch (IOException | RuntimeException e) {
      made.close();
      throw e;
    }
  }

  /** A server on every endpoint address and target port, answering with its {@code ip:port}. */
  private void serveEveryEndpoint() throws IOException {
    for (int i = 0; i < ServiceTraffic.ENDPOINTS; i++) {
      for (int port : ServiceTraffic.TARGET_PORTS) {
        String address = ServiceTraffic.endpointIp(i);
        serve(bound(address, port), address + ":" + port);
      }
    }
  }

  private void setUp(String[] command, String[] undoCommand) throws IOException {
    node(command);
    undo.add(0, undoCommand);
  }

  private static ServerSocket bound(String address, int port) throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(Ips.parse(address), port), 50);
    return server;
  }

  private void serve(ServerSocket server, String identity) {
    servers.add(server);
    Thread thread = new Thread(() -> answer(server, identity), "endpoint " + identity);
    thread.setDaemon(true);
    thread.start();
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

  /** Runs {@code ip ARGS} in the calling thread's namespace (the node). */
  private static void node(String... args) throws IOException {
    List<String> argv = new ArrayList<>(List.of("ip"));
    argv.addAll(List.of(args));
    ExternalCommand.of(argv.toArray(String[]::new)).runChecked();
  }

  @Override
  public void close() {
    for (ServerSocket server : servers) {
      try {
        server.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    pods.forEach(NetworkNamespace::close);
    for (String[] command : undo) {
      try {
        node(command);
      } catch (IOException | RuntimeException e) {
        // the namespace is being thrown away anyway, or the entry is already gone
      }
    }
  }
}
