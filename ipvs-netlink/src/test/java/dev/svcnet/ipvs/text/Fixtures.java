package dev.svcnet.ipvs.text;

import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.Protocol;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.Stats;
import dev.svcnet.ipvs.Tunnel;
import dev.svcnet.ipvs.VirtualService;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Short constructors for the tests' IPVS tables. */
final class Fixtures {
  private Fixtures() {}

  /** A numeric address; IPv6 kept as Inet6Address even when IPv4-mapped. */
  static InetAddress ip(String text) {
    try {
      byte[] bytes = text.contains(":") ? CParse.inetPton6(text) : CParse.inetPton4(text);
      if (bytes == null) {
        throw new IllegalArgumentException(text);
      }
      return bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1)
          : InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static ServiceId.ByAddress tcp(String address, int port) {
    return ServiceId.of(Protocol.TCP, ip(address), port);
  }

  static ServiceId.ByAddress udp(String address, int port) {
    return ServiceId.of(Protocol.UDP, ip(address), port);
  }

  static ServiceId.ByAddress sctp(String address, int port) {
    return ServiceId.of(Protocol.SCTP, ip(address), port);
  }

  static RealServer server(String address, int port, ForwardingMethod forwarding, int weight) {
    return new RealServer(ip(address), port, forwarding, weight, 0, 0, null);
  }

  static RealServer tunnel(String address, int port, Tunnel tunnel) {
    return new RealServer(ip(address), port, ForwardingMethod.TUNNEL, 1, 0, 0, tunnel);
  }

  static Destination dest(RealServer server) {
    return new Destination(server, 0, 0, 0, Stats.ZERO);
  }

  static Destination dest(RealServer server, long active, long inactive) {
    return new Destination(server, active, inactive, 0, Stats.ZERO);
  }

  static Service service(VirtualService settings, Destination... destinations) {
    return new Service(settings, Stats.ZERO, List.of(destinations));
  }

  static Stats counters(long conns, long inPackets, long outPackets, long inBytes,
      long outBytes) {
    return new Stats(conns, inPackets, outPackets, inBytes, outBytes, 0, 0, 0, 0, 0);
  }

  static Stats rates(long cps, long inPps, long outPps, long inBps, long outBps) {
    return new Stats(0, 0, 0, 0, 0, cps, inPps, outPps, inBps, outBps);
  }
}
