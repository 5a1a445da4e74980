package dev.svcnet.netfilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.harness.netns.NamespaceAssumptions;
import dev.svcnet.netlink.netns.Iproute2;
import dev.svcnet.netlink.netns.NamespaceException;
import dev.svcnet.netlink.netns.NetworkNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real traffic through a kube-proxy style DNAT cascade: a client namespace with a bridge, three
 * backend namespaces on veth ports of it, each running a TCP server that answers its name. The
 * client's nat OUTPUT chain sends a virtual IP to the backends with statistic matches of 1/3 and
 * 1/2; 3,000 connections must all be answered, and the shares must pass a chi-square test against
 * the probabilities the kernel actually stores (u32-rounded).
 */
class StatisticCascadeTrafficTest {
  private static final int CONNECTIONS = 3000;
  private static final int BACKENDS = 3;
  private static final String VIP = "10.96.0.10";
  /** Chi-square critical value for 2 degrees of freedom at significance 0.001. */
  private static final double CRITICAL = 13.816;

  @ParameterizedTest
  @EnumSource(value = Backend.class, names = {"LEGACY", "NFT"})
  void connectionsToTheVirtualIpAreSpreadAsTheProbabilitiesSay(Backend backend) throws Exception {
    NamespaceAssumptions.assumeNamespacesAllowed(
        "connectionsToTheVirtualIpAreSpreadAsTheProbabilitiesSay");
    List<NetworkNamespace> namespaces = new ArrayList<>();
    List<ServerSocket> servers = new ArrayList<>();
    try {
      NetworkNamespace client = create("nf-client", namespaces);
      Iproute2 clientIp = Iproute2.in(client);
      clientIp.addBridge("br0");
      clientIp.addAddress("br0", "10.77.0.1/24");
      clientIp.up("br0");
      for (int i = 1; i <= BACKENDS; i++) {
        NetworkNamespace server = create("nf-backend-" + i, namespaces);
        clientIp.addVethPair("vb" + i, server, "eth0");
        clientIp.setMaster("vb" + i, "br0");
        clientIp.up("vb" + i);
        Iproute2 serverIp = Iproute2.in(server);
        serverIp.addAddress("eth0", "10.77.0." + (10 + i) + "/24");
        serverIp.up("eth0");
        servers.add(serve(server, "backend-" + i));
      }
      clientIp.addRoute("10.96.0.0/16", "10.77.0.11");

      RuleSet rules = RuleSetCodec.standard().parse(String.join("\n",
          "*nat",
          ":OUTPUT ACCEPT [0:0]",
          ":SVC - [0:0]",
          ":SEP-1 - [0:0]",
          ":SEP-2 - [0:0]",
          ":SEP-3 - [0:0]",
          "-A OUTPUT -d " + VIP + " -p tcp -m tcp --dport 80 -j SVC",
          "-A SVC -m statistic --mode random --probability 0.3333333333 -j SEP-1",
          "-A SVC -m statistic --mode random --probability 0.5000000000 -j SEP-2",
          "-A SVC -j SEP-3",
          "-A SEP-1 -p tcp -j DNAT --to-destination 10.77.0.11:8080",
          "-A SEP-2 -p tcp -j DNAT --to-destination 10.77.0.12:8080",
          "-A SEP-3 -p tcp -j DNAT --to-destination 10.77.0.13:8080",
          "COMMIT", ""), IpFamily.IPV4);
      client.call(() -> {
        Iptables.of(backend, IpFamily.IPV4).replace(rules, false);
        return null;
      });

      Map<String, Integer> counts = client.call(StatisticCascadeTrafficTest::connectMany);

      assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(CONNECTIONS);
      List<StatisticMatch> cascade = rules.table(Table.NAT).orElseThrow().chain(ChainName.of("SVC"))
          .orElseThrow().rules().stream().flatMap(r -> r.matches().stream())
          .map(StatisticMatch.class::cast).toList();
      double p1 = cascade.get(0).probability();
      double p2 = (1 - p1) * cascade.get(1).probability();
      double[] expected = {p1, p2, 1 - p1 - p2};
      double chiSquare = 0;
      for (int i = 0; i < BACKENDS; i++) {
        double want = expected[i] * CONNECTIONS;
        double got = counts.getOrDefault("backend-" + (i + 1), 0);
        chiSquare += (got - want) * (got - want) / want;
      }
      assertThat(chiSquare).as("chi-square of %s", counts).isLessThan(CRITICAL);
    } finally {
      for (ServerSocket server : servers) {
        server.close();
      }
      namespaces.forEach(NetworkNamespace::close);
    }
  }

  private static NetworkNamespace create(String label, List<NetworkNamespace> namespaces) throws NamespaceException {
    NetworkNamespace namespace = NetworkNamespace.create(label);
    namespaces.add(namespace);
    return namespace;
  }

  /** A server socket opened inside {@code namespace}, answering {@code name} to every connection. */
  private static ServerSocket serve(NetworkNamespace namespace, String name) throws IOException {
    ServerSocket server = namespace.call(() -> {
      ServerSocket socket = new ServerSocket();
      socket.bind(new InetSocketAddress("0.0.0.0", 8080), 512);
      return socket;
    });
    Thread acceptor = new Thread(() -> {
      byte[] answer = name.getBytes(StandardCharsets.US_ASCII);
      while (!server.isClosed()) {
        try (Socket connection = server.accept(); OutputStream out = connection.getOutputStream()) {
          out.write(answer);
        } catch (IOException e) {
          // closed at the end of the test
        }
      }
    }, "server-" + name);
    acceptor.setDaemon(true);
    acceptor.start();
    return server;
  }

  private static Map<String, Integer> connectMany() throws IOException {
    Map<String, Integer> counts = new TreeMap<>();
    InetSocketAddress vip = new InetSocketAddress(InetAddress.getByName(VIP), 80);
    for (int i = 0; i < CONNECTIONS; i++) {
      try (Socket socket = new Socket()) {
        socket.connect(vip, 2000);
        socket.setSoTimeout(2000);
        InputStream in = socket.getInputStream();
        String name = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        counts.merge(name, 1, Integer::sum);
      }
    }
    return counts;
  }
}
