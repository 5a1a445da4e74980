package dev.svcnet.ipvs.text;

import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.Protocol;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceFlag;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.Stats;
import dev.svcnet.ipvs.Tunnel;
import dev.svcnet.ipvs.VirtualService;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * Random IPVS tables for QuickTheories, drawn from small pools of addresses and ports so that
 * two tables share many services and destinations (what makes diffs interesting).
 */
final class IpvsTables {
  private IpvsTables() {}

  private static final List<String> SERVICE_V4 = List.of("10.0.0.1", "10.0.0.2", "192.168.0.1");
  private static final List<String> SERVICE_V6 = List.of("2001:db8::1", "fd00::80");
  private static final List<String> SERVER_V4 = List.of("10.1.0.1", "10.1.0.2", "10.1.0.3",
      "172.16.0.9");
  private static final List<String> SERVER_V6 = List.of("2001:db8::a", "2001:db8::b");
  private static final List<Integer> MARKS = List.of(1, 2, 0x80000001);
  private static final List<String> SCHEDULERS = List.of("rr", "wlc", "sh", "mh", "wrr");

  /** Which tables to draw. */
  enum Kind {
    /** What {@code ipvsadm -S} writes and reads back unchanged (thresholds left zero). */
    RULES,
    /** As RULES, with thresholds (svcnet's {@code -x/-y} extension to the rule format). */
    RULES_WITH_THRESHOLDS,
    /** Anything the model allows, e.g. Local forwarding or a timeout on a non-persistent service. */
    ANY
  }

  static Gen<List<Service>> tables(Kind kind) {
    Gen<List<Service>> gen = in -> table(new Draw(in), kind);
    return gen.describedAs(IpvsadmRules::write);
  }

  /** The values drawn from QuickTheories' randomness, so failures shrink. */
  private record Draw(RandomnessSource in) {
    int between(int min, int max) {
      return (int) in.next(Constraint.between(min, max));
    }

    boolean chance() {
      return between(0, 1) == 1;
    }

    <T> T pick(List<T> values) {
      return values.get(between(0, values.size() - 1));
    }
  }

  private static List<Service> table(Draw draw, Kind kind) {
    Map<ServiceId, Service> services = new LinkedHashMap<>();
    int count = draw.between(0, 6);
    for (int i = 0; i < count; i++) {
      Service service = service(draw, kind);
      services.putIfAbsent(service.id(), service);
    }
    return List.copyOf(services.values());
  }

  private static Service service(Draw draw, Kind kind) {
    boolean rules = kind != Kind.ANY;
    ServiceId id;
    if (draw.between(0, 4) == 0) {
      id = ServiceId.mark(draw.pick(MARKS), draw.chance());
    } else {
      boolean ipv6 = draw.chance();
      InetAddress address = Fixtures.ip(draw.pick(ipv6 ? SERVICE_V6 : SERVICE_V4));
      id = ServiceId.of(draw.pick(List.of(Protocol.values())), address, draw.pick(List.of(0, 80,
          443)));
    }
    String scheduler = draw.pick(SCHEDULERS);
    Set<ServiceFlag> flags = EnumSet.noneOf(ServiceFlag.class);
    boolean portZero = id instanceof ServiceId.ByAddress byAddress && byAddress.port() == 0;
    boolean persistent = portZero && rules || draw.chance();
    int fullPrefix = id.ipv6() ? 128 : 32;
    int timeout = 0;
    int prefix = fullPrefix;
    if (persistent) {
      flags.add(ServiceFlag.PERSISTENT);
      timeout = draw.pick(List.of(360, 1, 600, 2_678_400));
      prefix = draw.pick(id.ipv6() ? List.of(128, 64, 1) : List.of(32, 24, 0));
    } else if (!rules) {
      timeout = draw.pick(List.of(0, 30));
      prefix = draw.pick(id.ipv6() ? List.of(128, 64) : List.of(32, 16));
    }
    boolean udpOrMark = id instanceof ServiceId.ByMark
        || ((ServiceId.ByAddress) id).protocol() == Protocol.UDP;
    if ((udpOrMark || !rules) && draw.chance()) {
      flags.add(ServiceFlag.ONE_PACKET);
    }
    List<ServiceFlag> schedulerFlags = (scheduler.equals("sh") || scheduler.equals("mh")) && rules
        ? List.of(ServiceFlag.SCHED_1, ServiceFlag.SCHED_2)
        : List.of(ServiceFlag.SCHED_1, ServiceFlag.SCHED_2, ServiceFlag.SCHED_3);
    for (ServiceFlag flag : schedulerFlags) {
      if (draw.between(0, 3) == 0) {
        flags.add(flag);
      }
    }
    String engine = draw.between(0, 3) == 0 ? "sip" : null;
    VirtualService settings = new VirtualService(id, scheduler, flags, timeout, prefix, engine);

    List<Destination> destinations = new ArrayList<>();
    Set<String> endpoints = new HashSet<>();
    int count = draw.between(0, 4);
    for (int i = 0; i < count; i++) {
      RealServer server = server(draw, id, kind);
      if (endpoints.add(server.address().getHostAddress() + "/" + server.port())) {
        destinations.add(new Destination(server, 0, 0, 0, Stats.ZERO));
      }
    }
    return new Service(settings, Stats.ZERO, destinations);
  }

  private static RealServer server(Draw draw, ServiceId service, Kind kind) {
    boolean rules = kind != Kind.ANY;
    List<ForwardingMethod> methods = rules
        ? List.of(ForwardingMethod.MASQ, ForwardingMethod.ROUTE, ForwardingMethod.TUNNEL)
        : List.of(ForwardingMethod.values());
    ForwardingMethod forwarding = draw.pick(methods);
    boolean ipv6 = forwarding == ForwardingMethod.TUNNEL && draw.between(0, 3) == 0
        ? !service.ipv6() : service.ipv6();
    InetAddress address = Fixtures.ip(draw.pick(ipv6 ? SERVER_V6 : SERVER_V4));
    int port = draw.pick(List.of(80, 8080, 0));
    if (rules && service instanceof ServiceId.ByAddress byAddress
        && (forwarding == ForwardingMethod.ROUTE || forwarding == ForwardingMethod.TUNNEL)) {
      port = byAddress.port(); // ipvsadm forces the service port for -g and -i
    }
    int weight = draw.pick(List.of(1, 0, 7, 65535));
    long upper = 0;
    long lower = 0;
    if (kind != Kind.RULES && draw.chance()) {
      upper = draw.pick(List.of(100L, 1L, (long) Integer.MAX_VALUE));
      lower = Math.min(upper, draw.pick(List.of(0L, 50L, 1L)));
    }
    Tunnel tunnel = null;
    if (forwarding == ForwardingMethod.TUNNEL) {
      Tunnel.Type type = draw.pick(List.of(Tunnel.Type.values()));
      tunnel = switch (type) {
        case IPIP -> Tunnel.IPIP;
        case GUE -> new Tunnel(type, draw.pick(List.of(6080, 1, 65535)),
            draw.pick(List.of(Tunnel.Checksum.values())));
        case GRE -> new Tunnel(type, 0,
            draw.pick(List.of(Tunnel.Checksum.NOCSUM, Tunnel.Checksum.CSUM)));
      };
    }
    return new RealServer(address, port, forwarding, weight, upper, lower, tunnel);
  }

  /**
   * A table as comparable data: each service's settings and the set of its destinations'
   * settings. Statistics, counters and list order are left out.
   */
  static Map<ServiceId, Map.Entry<VirtualService, Set<RealServer>>> normalized(
      List<Service> table) {
    Map<ServiceId, Map.Entry<VirtualService, Set<RealServer>>> out = new LinkedHashMap<>();
    for (Service service : table) {
      Set<RealServer> servers = new HashSet<>();
      for (Destination destination : service.destinations()) {
        servers.add(destination.server());
      }
      out.put(service.id(), Map.entry(service.service(), servers));
    }
    return out;
  }
}
