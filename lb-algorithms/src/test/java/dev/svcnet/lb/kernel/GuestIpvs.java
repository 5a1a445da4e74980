package dev.svcnet.lb.kernel;

import dev.svcnet.harness.vm.RoutableDummy;
import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.ServiceFlag;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.lb.Endpoint;
import dev.svcnet.lb.Protocol;
import dev.svcnet.lb.SchedulerFlag;
import dev.svcnet.netlink.exec.ExternalCommand;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One virtual service in the guest kernel, driven from the calling thread's network namespace
 * (which must be a fresh one: the kernel's trash of deleted destinations and its connection table
 * are per namespace). Connections are real TCP SYNs from local sockets bound to the client's
 * address and port; nothing answers, so each stays in SYN_RECV (which counts as an active
 * connection) for about a minute. UDP connections (on a firewall-mark service) are one datagram
 * each and stay inactive for their 5-minute timeout. The real server of each is read back from
 * {@code ip_vs_conn}.
 */
final class GuestIpvs implements AutoCloseable {

  static final List<String> MODULES = List.of("ip_vs", "ip_vs_rr", "ip_vs_wrr", "ip_vs_lc",
      "ip_vs_wlc", "ip_vs_sh", "ip_vs_dh", "ip_vs_mh", "ip_vs_sed", "ip_vs_nq", "ip_vs_fo",
      "ip_vs_ovf", "ip_vs_lblc", "ip_vs_lblcr", "dummy");

  /** ip_vs_conn of this thread's namespace ({@code /proc/self/net} is the main thread's). */
  private static final Path CONNECTIONS = Path.of("/proc/thread-self/net/ip_vs_conn");

  private final IpvsClient ipvs;
  private final ServiceId service;

  private GuestIpvs(IpvsClient ipvs, ServiceId service) {
    this.ipvs = ipvs;
    this.service = service;
  }

  static void loadModules() throws IOException {
    for (String module : MODULES) {
      ExternalCommand.of("modprobe", module).runChecked();
    }
  }

  /**
   * In the calling thread's (fresh) namespace: dummy {@code d0} with 10.244.0.1/16 and a default
   * route through it (real servers must be routable), the clients' addresses on it too (so
   * sockets can bind to them), and the virtual service. One {@code ip -batch} for the interface.
   */
  static GuestIpvs create(KernelScenario scenario) throws IOException {
    Set<String> clients = new LinkedHashSet<>();
    for (KernelScenario.Step step : scenario.steps()) {
      if (step instanceof KernelScenario.Connect connect) {
        clients.add(connect.client().address().getHostAddress() + "/32");
      }
    }
    RoutableDummy.add(List.copyOf(clients));
    ServiceId id;
    if (scenario.fwmark()) {
      // The mark is set in mangle OUTPUT, before IPVS's LOCAL_OUT hook sees the packet.
      ExternalCommand.of("iptables", "-w", "-t", "mangle", "-A", "OUTPUT", "-d",
          scenario.vip().address().getHostAddress() + "/32", "-j", "MARK", "--set-mark",
          Integer.toString(KernelScenario.MARK)).runChecked();
      id = ServiceId.mark(KernelScenario.MARK, false);
    } else {
      id = ServiceId.of(dev.svcnet.ipvs.Protocol.TCP, scenario.vip().address(),
          scenario.vip().port());
    }
    Set<ServiceFlag> flags = EnumSet.noneOf(ServiceFlag.class);
    if (scenario.flags().contains(SchedulerFlag.FALLBACK)) {
      flags.add(ServiceFlag.SCHED_1);
    }
    if (scenario.flags().contains(SchedulerFlag.PORT)) {
      flags.add(ServiceFlag.SCHED_2);
    }
    if (scenario.flags().contains(SchedulerFlag.FLAG_3)) {
      flags.add(ServiceFlag.SCHED_3);
    }
    IpvsClient ipvs = IpvsClient.open();
    try {
      ipvs.addService(VirtualService.of(id, scenario.scheduler().kernelName()).withFlags(flags));
    } catch (IOException | RuntimeException e) {
      ipvs.close();
      throw e;
    }
    return new GuestIpvs(ipvs, id);
  }

  private static RealServer server(Endpoint destination, int weight, int upper, int lower) {
    return RealServer.of(destination.address(), destination.port(), ForwardingMethod.MASQ)
        .withWeight(weight).withThresholds(upper, lower);
  }

  void add(KernelScenario.Add add) throws IOException {
    ipvs.addDestination(service, server(add.destination(), add.weight(), add.upper(),
        add.lower()));
  }

  void update(KernelScenario.Update update) throws IOException {
    ipvs.updateDestination(service, server(update.destination(), update.weight(),
        update.upper(), update.lower()));
  }

  void remove(KernelScenario.Remove remove) throws IOException {
    ipvs.deleteDestination(service, server(remove.destination(), 0, 0, 0));
  }

  /**
   * Sends one SYN from {@code client} to the virtual service and returns the real server the
   * kernel bound the new connection to, or empty if it made none (no destination available: the
   * kernel answers with ICMP port unreachable and keeps no entry). The socket is closed at once:
   * a socket in SYN_SENT closes silently, and the kernel's entry stays in SYN_RECV for its
   * timeout, so no retransmitted SYN can reach the scheduler again.
   */
  Optional<Endpoint> connect(Endpoint client, Endpoint vip, Protocol protocol)
      throws IOException {
    if (protocol == Protocol.UDP) {
      try (DatagramChannel channel = DatagramChannel.open()) {
        channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        channel.bind(new InetSocketAddress(client.address(), client.port()));
        try {
          channel.send(ByteBuffer.wrap(new byte[] {1}),
              new InetSocketAddress(vip.address(), vip.port()));
        } catch (IOException dropped) {
          // EPERM: a netfilter hook dropped the datagram after (or instead of) scheduling it;
          // the connection table says which.
        }
      }
      return entry(client, vip, protocol);
    }
    try (SocketChannel channel = SocketChannel.open()) {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(new InetSocketAddress(client.address(), client.port()));
      channel.configureBlocking(false);
      try {
        channel.connect(new InetSocketAddress(vip.address(), vip.port()));
      } catch (IOException refused) {
        // ICMP port unreachable (no destination) may already have arrived.
      }
    }
    return entry(client, vip, protocol);
  }

  /** The real server of the connection {@code client -> vip} in ip_vs_conn, if there is one. */
  static Optional<Endpoint> entry(Endpoint client, Endpoint vip, Protocol protocol)
      throws IOException {
    String name = protocol == Protocol.UDP ? "UDP" : "TCP";
    String state = protocol == Protocol.UDP ? "UDP" : "SYN_RECV";
    String from = hex(client.address());
    String fromPort = String.format("%04X", client.port());
    String to = hex(vip.address());
    String toPort = String.format("%04X", vip.port());
    for (String line : Files.readAllLines(CONNECTIONS)) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 8 && f[0].equals(name) && f[1].equals(from) && f[2].equals(fromPort)
          && f[3].equals(to) && f[4].equals(toPort)) {
        if (!f[7].equals(state)) {
          throw new IllegalStateException("expected " + state + ": " + line);
        }
        return Optional.of(new Endpoint(address(f[5]), Integer.parseInt(f[6], 16)));
      }
    }
    return Optional.empty();
  }

  private static String hex(InetAddress address) {
    if (!(address instanceof Inet4Address)) {
      throw new IllegalArgumentException("IPv4 only: " + address);
    }
    byte[] b = address.getAddress();
    return String.format("%02X%02X%02X%02X", b[0] & 0xFF, b[1] & 0xFF, b[2] & 0xFF,
        b[3] & 0xFF);
  }

  private static InetAddress address(String hex) throws IOException {
    long value = Long.parseLong(hex, 16);
    return InetAddress.getByAddress(new byte[] {(byte) (value >> 24), (byte) (value >> 16),
        (byte) (value >> 8), (byte) value});
  }

  /** The kernel's destination list (newest first) with its counters. */
  List<Destination> destinations() throws IOException {
    return ipvs.destinations(service);
  }

  @Override
  public void close() {
    ipvs.close();
  }
}
