package dev.svcnet.ipvs.text;

import dev.svcnet.ipvs.Addresses;
import dev.svcnet.ipvs.Connection;
import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.IpvsInfo;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceFlag;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.Stats;
import dev.svcnet.ipvs.Timeouts;
import dev.svcnet.ipvs.Tunnel;
import dev.svcnet.ipvs.VirtualService;
import java.util.List;
import java.util.Objects;

/**
 * The IPVS table as {@code ipvsadm -L -n} (1.31) prints it, byte for byte: the version header,
 * the column titles, one line per service and one per destination, in ipvsadm's order unless
 * {@link Options#noSort()}. Each method names the printf of ipvsadm.c it reproduces.
 */
public final class IpvsadmListing {
  private IpvsadmListing() {}

  /** Which columns: the plain table, or one of the {@code --stats}-like views. */
  public enum View {
    /** {@code -L -n}: Forward Weight ActiveConn InActConn. */
    DEFAULT,
    /** {@code --stats}: Conns InPkts OutPkts InBytes OutBytes. */
    STATS,
    /** {@code --rate}: CPS InPPS OutPPS InBPS OutBPS. */
    RATE,
    /** {@code --thresholds}: Uthreshold Lthreshold ActiveConn InActConn. */
    THRESHOLDS,
    /** {@code --persistent-conn}: Weight PersistConn ActiveConn InActConn. */
    PERSISTENT_CONN,
    /** {@code --tun-info}: the default columns plus TunnelInfo. */
    TUN_INFO
  }

  /**
   * How to list.
   *
   * @param view the columns
   * @param exact {@code --exact}: counters in full instead of K/M/G/T (stats and rate views)
   * @param noSort {@code --nosort}: the order given (the kernel's), not ipvsadm's
   */
  public record Options(View view, boolean exact, boolean noSort) {
    public static final Options DEFAULT = new Options(View.DEFAULT, false, false);

    public Options {
      Objects.requireNonNull(view, "view");
    }

    public static Options of(View view) {
      return new Options(view, false, false);
    }
  }

  /** {@code ipvsadm -L -n} with {@code options}: list_all() in ipvsadm.c. */
  public static String render(IpvsInfo info, List<Service> services, Options options) {
    StringBuilder out = new StringBuilder();
    // "IP Virtual Server version %d.%d.%d (size=%d)\n"
    out.append("IP Virtual Server version ").append(info.version()).append(" (size=")
        .append(info.connectionTableSize()).append(")\n");
    out.append(title(options.view()));
    List<Service> ordered = options.noSort() ? services : IpvsadmOrder.services(services);
    for (Service service : ordered) {
      out.append(serviceLine(service, options)).append('\n');
      List<Destination> destinations = options.noSort()
          ? service.destinations() : IpvsadmOrder.destinations(service.destinations());
      for (Destination destination : destinations) {
        out.append(destinationLine(service.id(), destination, options)).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * {@code ipvsadm -L -n -c} (list_conn() and print_conn() in ipvsadm.c): the connection table in
   * the kernel's order, expiry as minutes:seconds. {@code --exact} changes nothing here;
   * {@code --persistent-conn} adds the persistence engine columns. One known difference: for an
   * entry whose destination family differs from the client's (a tunnel to an IPv6 server of an
   * IPv4 service), ipvsadm parses all three addresses in the client's family and prints a wrong
   * destination; this prints the destination as it is.
   */
  public static String connections(List<Connection> connections, boolean persistentConn) {
    StringBuilder out = new StringBuilder("IPVS connection entries\n");
    if (persistentConn) {
      // "pro expire %-11s %-18s %-18s %-18s %-16s %s\n"
      out.append("pro expire ").append(Printf.left("state", 11)).append(' ')
          .append(Printf.left("source", 18)).append(' ').append(Printf.left("virtual", 18))
          .append(' ').append(Printf.left("destination", 18)).append(' ')
          .append(Printf.left("pe name", 16)).append(" pe_data\n");
    } else {
      // "pro expire %-11s %-18s %-18s %s\n"
      out.append("pro expire ").append(Printf.left("state", 11)).append(' ')
          .append(Printf.left("source", 18)).append(' ').append(Printf.left("virtual", 18))
          .append(" destination\n");
    }
    for (Connection c : connections) {
      long expires = c.expiresSeconds();
      // sprintf(expire_str, "%02d:%02d", minutes, seconds)
      String expire = String.format("%02d:%02d", expires / 60, expires % 60);
      out.append(Printf.left(c.protocol(), 3)).append(' ').append(Printf.left(expire, 6))
          .append(' ').append(Printf.left(c.state(), 11)).append(' ')
          .append(Printf.left(Addresses.withPort(c.client(), c.clientPort()), 18)).append(' ')
          .append(Printf.left(Addresses.withPort(c.virtual(), c.virtualPort()), 18)).append(' ');
      String destination = Addresses.withPort(c.destination(), c.destinationPort());
      if (persistentConn && c.persistenceEngine().isPresent()) {
        // "%-3s %-6s %-11s %-18s %-18s %-16s %-18s %s\n": dest, pe name, pe data
        Connection.PersistenceData pe = c.persistenceEngine().get();
        out.append(Printf.left(destination, 16)).append(' ').append(Printf.left(pe.name(), 18))
            .append(' ').append(pe.data());
      } else {
        // "%-3s %-6s %-11s %-18s %-18s %s\n"
        out.append(destination);
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** {@code ipvsadm -L --timeout}: "Timeout (tcp tcpfin udp): %d %d %d\n". */
  public static String timeouts(Timeouts timeouts) {
    return "Timeout (tcp tcpfin udp): " + timeouts.tcpSeconds() + " " + timeouts.tcpFinSeconds()
        + " " + timeouts.udpSeconds() + "\n";
  }

  /** print_title(): the two title lines of the view. */
  static String title(View view) {
    String first = "Prot LocalAddress:Port";
    String second = "  -> RemoteAddress:Port\n";
    return switch (view) {
      // "%-33s %8s %8s %8s %8s %8s\n"
      case STATS -> Printf.left(first, 33) + rights("Conns", "InPkts", "OutPkts", "InBytes",
          "OutBytes") + "\n" + second;
      case RATE -> Printf.left(first, 33) + rights("CPS", "InPPS", "OutPPS", "InBPS", "OutBPS")
          + "\n" + second;
      // "%-33s %-10s %-10s %-10s %-10s\n"
      case THRESHOLDS -> Printf.left(first, 33) + " " + Printf.left("Uthreshold", 10) + " "
          + Printf.left("Lthreshold", 10) + " " + Printf.left("ActiveConn", 10) + " "
          + Printf.left("InActConn", 10) + "\n" + second;
      // "%-33s %-9s %-11s %-10s %-10s\n"
      case PERSISTENT_CONN -> Printf.left(first, 33) + " " + Printf.left("Weight", 9) + " "
          + Printf.left("PersistConn", 11) + " " + Printf.left("ActiveConn", 10) + " "
          + Printf.left("InActConn", 10) + "\n" + second;
      case TUN_INFO -> "Prot LocalAddress:Port Scheduler Flags\n"
          + "  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n";
      case DEFAULT -> "Prot LocalAddress:Port Scheduler Flags\n"
          + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n";
    };
  }

  private static String rights(String... titles) {
    StringBuilder out = new StringBuilder();
    for (String title : titles) {
      out.append(' ').append(Printf.right(title, 8));
    }
    return out.toString();
  }

  /**
   * svc_name in print_service_entry(): {@code "FWM  %d"} (+ {@code " IPv6"}) or
   * {@code "%-4s %s"} of protocol and address:port, cut to 33 characters unless IPv6.
   *
   * <p>The mark is printed signed, as ipvsadm 1.31 as released (and as Debian ships it) does:
   * mark 4000000000 shows as -294967296. Upstream fixed that after the release (commit
   * e61c8cd, "%u"); byte-identity with the real ipvsadm wins here.
   */
  static String serviceName(ServiceId id) {
    if (id instanceof ServiceId.ByMark byMark) {
      return "FWM  " + byMark.mark() + (byMark.ipv6() ? " IPv6" : "");
    }
    ServiceId.ByAddress byAddress = (ServiceId.ByAddress) id;
    String name = Printf.left(byAddress.protocol().name(), 4) + " "
        + Addresses.withPort(byAddress.address(), byAddress.port());
    return byAddress.ipv6() ? name : Printf.cut(name, 33);
  }

  /** The service line of print_service_entry() for a listing (not a rule). */
  static String serviceLine(Service service, Options options) {
    String name = serviceName(service.id());
    Stats stats = service.stats();
    return switch (options.view()) {
      // printf("%-33s", svc_name) then five print_largenum()
      case STATS -> Printf.left(name, 33) + largenums(options.exact(), stats.connections(),
          stats.inPackets(), stats.outPackets(), stats.inBytes(), stats.outBytes());
      case RATE -> Printf.left(name, 33) + largenums(options.exact(),
          stats.connectionsPerSecond(), stats.inPacketsPerSecond(), stats.outPacketsPerSecond(),
          stats.inBytesPerSecond(), stats.outBytesPerSecond());
      default -> plainServiceLine(name, service.service());
    };
  }

  /**
   * "%s %s" of name and scheduler, then " (%s)" of the scheduler flags, then when persistent
   * " persistent %u", " mask %s" (IPv4, unless 255.255.255.255) or " mask %i" (IPv6, unless
   * 128) and " pe %s"; then " ops" for one-packet scheduling.
   */
  private static String plainServiceLine(String name, VirtualService settings) {
    StringBuilder out = new StringBuilder(name).append(' ').append(settings.scheduler());
    if (hasSchedulerFlagBits(settings)) { // prints " ()" for e.g. SCHED_3 on sh, as C does
      out.append(" (").append(schedulerFlags(settings)).append(')');
    }
    if (settings.persistent()) {
      out.append(" persistent ").append(Printf.u32(settings.timeoutSeconds()));
      if (!settings.id().ipv6() && settings.netmaskPrefix() != 32) {
        out.append(" mask ").append(dottedMask(settings.netmaskPrefix()));
      }
      if (settings.id().ipv6() && settings.netmaskPrefix() != 128) {
        out.append(" mask ").append(settings.netmaskPrefix());
      }
      if (settings.persistenceEngine() != null) {
        out.append(" pe ").append(settings.persistenceEngine());
      }
    }
    if (settings.flags().contains(ServiceFlag.ONE_PACKET)) {
      out.append(" ops");
    }
    return out.toString();
  }

  /**
   * print_sched_flags(): sh-fallback,sh-port for sh; mh-fallback,mh-port for mh; otherwise
   * flag-1,flag-2,flag-3. Empty when none applies (e.g. SCHED_3 on sh).
   */
  static String schedulerFlags(VirtualService settings) {
    StringBuilder out = new StringBuilder();
    var flags = settings.flags();
    if (settings.scheduler().equals("sh") || settings.scheduler().equals("mh")) {
      String prefix = settings.scheduler();
      if (flags.contains(ServiceFlag.SCHED_1)) {
        out.append(prefix).append("-fallback,");
      }
      if (flags.contains(ServiceFlag.SCHED_2)) {
        out.append(prefix).append("-port,");
      }
    } else {
      if (flags.contains(ServiceFlag.SCHED_1)) {
        out.append("flag-1,");
      }
      if (flags.contains(ServiceFlag.SCHED_2)) {
        out.append("flag-2,");
      }
      if (flags.contains(ServiceFlag.SCHED_3)) {
        out.append("flag-3,");
      }
    }
    return out.isEmpty() ? "" : out.substring(0, out.length() - 1);
  }

  /** True when any of the three scheduler flag bits is set (ipvsadm tests the bits). */
  static boolean hasSchedulerFlagBits(VirtualService settings) {
    var flags = settings.flags();
    return flags.contains(ServiceFlag.SCHED_1) || flags.contains(ServiceFlag.SCHED_2)
        || flags.contains(ServiceFlag.SCHED_3);
  }

  /** inet_ntoa() of the IPv4 mask with {@code prefix} leading ones. */
  static String dottedMask(int prefix) {
    int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
    return ((mask >>> 24) & 0xFF) + "." + ((mask >>> 16) & 0xFF) + "." + ((mask >>> 8) & 0xFF)
        + "." + (mask & 0xFF);
  }

  /** dname: address:port of the destination, cut to 28 characters unless IPv6. */
  static String destinationName(RealServer server) {
    String name = Addresses.withPort(server.address(), server.port());
    return server.ipv6() ? name : Printf.cut(name, 28);
  }

  /** The destination line of print_service_entry() for the view. */
  static String destinationLine(ServiceId service, Destination destination, Options options) {
    RealServer server = destination.server();
    String name = Printf.left(destinationName(server), 28);
    Stats stats = destination.stats();
    String active = Printf.u32(destination.activeConnections());
    String inactive = Printf.u32(destination.inactiveConnections());
    return switch (options.view()) {
      // "  -> %-28s" then five print_largenum()
      case STATS -> "  -> " + name + largenums(options.exact(), stats.connections(),
          stats.inPackets(), stats.outPackets(), stats.inBytes(), stats.outBytes());
      // "  -> %-28s %8llu %8llu %8llu" then two print_largenum()
      case RATE -> "  -> " + name + " " + Printf.right(Printf.u64(stats.connectionsPerSecond()), 8)
          + " " + Printf.right(Printf.u64(stats.inPacketsPerSecond()), 8)
          + " " + Printf.right(Printf.u64(stats.outPacketsPerSecond()), 8)
          + largenums(options.exact(), stats.inBytesPerSecond(), stats.outBytesPerSecond());
      // "  -> %-28s %-10u %-10u %-10u %-10u\n"
      case THRESHOLDS -> "  -> " + name + " " + Printf.left(Printf.u32(server.upperThreshold()), 10)
          + " " + Printf.left(Printf.u32(server.lowerThreshold()), 10) + " "
          + Printf.left(active, 10) + " " + Printf.left(inactive, 10);
      // "  -> %-28s %-9u %-11u %-10u %-10u\n"
      case PERSISTENT_CONN -> "  -> " + name + " " + Printf.left(Printf.u32(server.weight()), 9)
          + " " + Printf.left(Printf.u32(destination.persistentConnections()), 11) + " "
          + Printf.left(active, 10) + " " + Printf.left(inactive, 10);
      // "  -> %-28s %-7s %-13s %-6d %-10u %-10u\n"
      case TUN_INFO -> "  -> " + name + " " + Printf.left(server.forwarding().ipvsadmName(), 7)
          + " " + Printf.left(tunnelInfo(server), 13) + " "
          + Printf.left(Integer.toString(server.weight()), 6) + " " + Printf.left(active, 10)
          + " " + Printf.left(inactive, 10);
      // "  -> %-28s %-7s %-6d %-10u %-10u\n"
      case DEFAULT -> "  -> " + name + " " + Printf.left(server.forwarding().ipvsadmName(), 7)
          + " " + Printf.left(Integer.toString(server.weight()), 6) + " "
          + Printf.left(active, 10) + " " + Printf.left(inactive, 10);
    };
  }

  /**
   * fwd_tun_info(): "ipip", "gue:%d:%s" or "gre:%s" with the checksum as -c, +c or r+c; "n/a"
   * for a destination that is not tunnelled.
   */
  static String tunnelInfo(RealServer server) {
    if (server.forwarding() != ForwardingMethod.TUNNEL) {
      return "n/a";
    }
    Tunnel tunnel = server.tunnel();
    String checksum = switch (tunnel.checksum()) {
      case NOCSUM -> "-c";
      case CSUM -> "+c";
      case REMCSUM -> "r+c";
    };
    return switch (tunnel.type()) {
      case IPIP -> "ipip";
      case GUE -> "gue:" + tunnel.port() + ":" + checksum;
      case GRE -> "gre:" + checksum;
    };
  }

  private static String largenums(boolean exact, long... values) {
    StringBuilder out = new StringBuilder();
    for (long value : values) {
      out.append(largenum(value, exact));
    }
    return out.toString();
  }

  /**
   * print_largenum(): with --exact "%*llu" at width 9 (or digits + 1 when longer than 8);
   * otherwise "%9llu" under 10^8, else the value divided by 10^3, 10^6, 10^9 or 10^12 as
   * "%8llu" with the suffix K (under 10^9), M (under 10^11), G (under 10^14) or T.
   */
  static String largenum(long value, boolean exact) {
    String digits = Printf.u64(value);
    if (exact) {
      return Printf.right(digits, digits.length() <= 8 ? 9 : digits.length() + 1);
    }
    if (Long.compareUnsigned(value, 100_000_000L) < 0) {
      return Printf.right(digits, 9);
    }
    if (Long.compareUnsigned(value, 1_000_000_000L) < 0) {
      return scaled(value, 1_000L, "K");
    }
    if (Long.compareUnsigned(value, 100_000_000_000L) < 0) {
      return scaled(value, 1_000_000L, "M");
    }
    if (Long.compareUnsigned(value, 100_000_000_000_000L) < 0) {
      return scaled(value, 1_000_000_000L, "G");
    }
    return scaled(value, 1_000_000_000_000L, "T");
  }

  private static String scaled(long value, long divisor, String suffix) {
    return Printf.right(Printf.u64(Long.divideUnsigned(value, divisor)), 8) + suffix;
  }
}
