package dev.svcnet.ipvs.internal;

import static dev.svcnet.ipvs.internal.IpvsWire.*;

import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.Protocol;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceFlag;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.Stats;
import dev.svcnet.ipvs.SyncDaemon;
import dev.svcnet.ipvs.Tunnel;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.netlink.Attributes;
import dev.svcnet.netlink.MalformedMessageException;
import dev.svcnet.netlink.MessageBuilder;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/** Encodes IPVS requests and decodes the kernel's replies (ipvs.md sections 1.4 to 1.7). */
public final class IpvsCodec {
  private IpvsCodec() {}

  static int family(boolean ipv6) {
    return ipv6 ? AF_INET6 : AF_INET;
  }

  /** The address as the 16-byte {@code union nf_inet_addr} (IPv4 in the first 4 bytes). */
  static byte[] address16(InetAddress address) {
    return Arrays.copyOf(address.getAddress(), 16);
  }

  /** The SERVICE nest: identification only, or (when {@code full}) every setting too. */
  static void service(MessageBuilder builder, ServiceId id, VirtualService settings) {
    builder.beginNested(CMD_ATTR_SERVICE);
    builder.u16(SVC_AF, family(id.ipv6()));
    if (id instanceof ServiceId.ByMark mark) {
      builder.u32(SVC_FWMARK, mark.mark());
    } else {
      ServiceId.ByAddress byAddress = (ServiceId.ByAddress) id;
      builder.u16(SVC_PROTOCOL, byAddress.protocol().number())
          .attribute(SVC_ADDR, address16(byAddress.address()))
          .u16Be(SVC_PORT, byAddress.port());
    }
    if (settings != null) {
      builder.string(SVC_SCHED_NAME, settings.scheduler());
      if (settings.persistenceEngine() != null) {
        builder.string(SVC_PE_NAME, settings.persistenceEngine());
      }
      byte[] flags = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder())
          .putInt(ServiceFlag.toBits(settings.flags())).putInt(0xFFFFFFFF).array();
      builder.attribute(SVC_FLAGS, flags).u32(SVC_TIMEOUT, settings.timeoutSeconds());
      if (id.ipv6()) {
        builder.u32(SVC_NETMASK, settings.netmaskPrefix());
      } else {
        int prefix = settings.netmaskPrefix();
        builder.u32Be(SVC_NETMASK, prefix == 0 ? 0 : -1 << (32 - prefix));
      }
    }
    builder.endNested();
  }

  /** The DEST nest: address and port only, or (when {@code full}) every setting too. */
  static void destination(MessageBuilder builder, RealServer server, boolean full) {
    builder.beginNested(CMD_ATTR_DEST)
        .u16(DEST_ADDR_FAMILY, family(server.ipv6()))
        .attribute(DEST_ADDR, address16(server.address()))
        .u16Be(DEST_PORT, server.port());
    if (full) {
      builder.u32(DEST_FWD_METHOD, server.forwarding().code())
          .u32(DEST_WEIGHT, server.weight())
          .u32(DEST_U_THRESH, (int) server.upperThreshold())
          .u32(DEST_L_THRESH, (int) server.lowerThreshold());
      if (server.tunnel() != null) {
        builder.u8(DEST_TUN_TYPE, server.tunnel().type().code())
            .u16Be(DEST_TUN_PORT, server.tunnel().port())
            .u16(DEST_TUN_FLAGS, server.tunnel().checksum().code());
      }
    }
    builder.endNested();
  }

  static void daemon(MessageBuilder builder, SyncDaemon daemon) {
    builder.beginNested(CMD_ATTR_DAEMON)
        .u32(DAEMON_STATE, daemon.state().code())
        .string(DAEMON_MCAST_IFN, daemon.interfaceName())
        .u32(DAEMON_SYNC_ID, daemon.syncId())
        .endNested();
  }

  static InetAddress address(byte[] bytes, boolean ipv6) throws MalformedMessageException {
    int length = ipv6 ? 16 : 4;
    if (bytes.length < length) {
      throw new MalformedMessageException("address of " + bytes.length + " bytes for IPv"
          + (ipv6 ? 6 : 4));
    }
    try {
      // Inet6Address keeps an IPv4-mapped IPv6 address (::ffff:a.b.c.d) in its own family,
      // where InetAddress.getByAddress would turn it into an IPv4 address.
      byte[] exact = bytes.length == length ? bytes : Arrays.copyOf(bytes, length);
      return ipv6 ? Inet6Address.getByAddress(null, exact, -1) : InetAddress.getByAddress(exact);
    } catch (UnknownHostException e) {
      throw new MalformedMessageException("bad address: " + e.getMessage());
    }
  }

  /** The address in attribute {@code type} (a {@code union nf_inet_addr}, 16 bytes). */
  private static InetAddress address(Attributes attributes, int type, boolean ipv6)
      throws MalformedMessageException {
    int length = ipv6 ? 16 : 4;
    byte[] bytes;
    try {
      bytes = attributes.bytes(type, length);
    } catch (MalformedMessageException e) {
      throw new MalformedMessageException("address attribute " + type + " shorter than an IPv"
          + (ipv6 ? 6 : 4) + " address: " + e.getMessage());
    }
    return address(bytes, ipv6);
  }

  static boolean ipv6(int family) throws MalformedMessageException {
    if (family == AF_INET) {
      return false;
    }
    if (family == AF_INET6) {
      return true;
    }
    throw new MalformedMessageException("unknown address family " + family);
  }

  /** A service from the attributes of a SERVICE nest, without destinations. */
  public static Service service(Attributes attributes) throws MalformedMessageException {
    boolean ipv6 = ipv6(attributes.u16(SVC_AF));
    try {
      ServiceId id;
      if (attributes.has(SVC_FWMARK) && attributes.u32(SVC_FWMARK) != 0) {
        id = ServiceId.mark(attributes.u32(SVC_FWMARK), ipv6);
      } else {
        id = ServiceId.of(Protocol.ofNumber(attributes.u16(SVC_PROTOCOL)),
            address(attributes, SVC_ADDR, ipv6), attributes.u16Be(SVC_PORT));
      }
      // struct ip_vs_flags: the flags, then the mask (only the first u32 is read).
      int flags = attributes.u32(SVC_FLAGS);
      int netmask = attributes.u32(SVC_NETMASK);
      int prefix = ipv6 ? netmask : prefixOf(attributes.u32Be(SVC_NETMASK));
      VirtualService settings = new VirtualService(id, attributes.string(SVC_SCHED_NAME),
          ServiceFlag.fromBits(flags), attributes.u32(SVC_TIMEOUT), prefix,
          attributes.has(SVC_PE_NAME) ? attributes.string(SVC_PE_NAME) : null);
      return new Service(settings, stats(attributes, SVC_STATS64, SVC_STATS), List.of());
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException("kernel reported an unusable service: " + e.getMessage());
    }
  }

  private static int prefixOf(int mask) throws MalformedMessageException {
    int prefix = Integer.bitCount(mask);
    int expected = prefix == 0 ? 0 : -1 << (32 - prefix);
    if (mask != expected) {
      throw new MalformedMessageException("non-contiguous netmask 0x" + Integer.toHexString(mask));
    }
    return prefix;
  }

  /** A destination from the attributes of a DEST nest; {@code serviceIpv6} when AF is absent. */
  public static Destination destination(Attributes attributes, boolean serviceIpv6)
      throws MalformedMessageException {
    boolean ipv6 = attributes.has(DEST_ADDR_FAMILY) && attributes.u16(DEST_ADDR_FAMILY) != 0
        ? ipv6(attributes.u16(DEST_ADDR_FAMILY)) : serviceIpv6;
    try {
      ForwardingMethod forwarding = ForwardingMethod.ofCode(attributes.u32(DEST_FWD_METHOD));
      Tunnel tunnel = null;
      if (forwarding == ForwardingMethod.TUNNEL) {
        Tunnel.Type type = attributes.has(DEST_TUN_TYPE)
            ? Tunnel.Type.values()[attributes.u8(DEST_TUN_TYPE)] : Tunnel.Type.IPIP;
        int port = type == Tunnel.Type.GUE ? attributes.u16Be(DEST_TUN_PORT) : 0;
        Tunnel.Checksum checksum = attributes.has(DEST_TUN_FLAGS) && type != Tunnel.Type.IPIP
            ? Tunnel.Checksum.values()[attributes.u16(DEST_TUN_FLAGS)] : Tunnel.Checksum.NOCSUM;
        tunnel = new Tunnel(type, port, checksum);
      }
      RealServer server = new RealServer(address(attributes, DEST_ADDR, ipv6),
          attributes.u16Be(DEST_PORT), forwarding, attributes.u32(DEST_WEIGHT),
          Integer.toUnsignedLong(attributes.u32(DEST_U_THRESH)),
          Integer.toUnsignedLong(attributes.u32(DEST_L_THRESH)), tunnel);
      return new Destination(server,
          Integer.toUnsignedLong(attributes.u32(DEST_ACTIVE_CONNS)),
          Integer.toUnsignedLong(attributes.u32(DEST_INACT_CONNS)),
          Integer.toUnsignedLong(attributes.u32(DEST_PERSIST_CONNS)),
          stats(attributes, DEST_STATS64, DEST_STATS));
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      throw new MalformedMessageException("kernel reported an unusable destination: "
          + e.getMessage());
    }
  }

  static SyncDaemon daemon(Attributes attributes) throws MalformedMessageException {
    int state = attributes.u32(DAEMON_STATE);
    SyncDaemon.State decoded = state == 1 ? SyncDaemon.State.MASTER
        : state == 2 ? SyncDaemon.State.BACKUP : null;
    if (decoded == null) {
      throw new MalformedMessageException("unknown sync daemon state " + state);
    }
    try {
      return new SyncDaemon(decoded, attributes.string(DAEMON_MCAST_IFN),
          attributes.u32(DAEMON_SYNC_ID));
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException("kernel reported an unusable daemon: " + e.getMessage());
    }
  }

  /** STATS64 when present (all u64), else the legacy STATS (u32 counters, u64 bytes). */
  static Stats stats(Attributes parent, int stats64, int legacy) throws MalformedMessageException {
    if (parent.has(stats64)) {
      Attributes s = parent.nested(stats64);
      return new Stats(u64(s, STATS_CONNS), u64(s, STATS_INPKTS), u64(s, STATS_OUTPKTS),
          u64(s, STATS_INBYTES), u64(s, STATS_OUTBYTES), u64(s, STATS_CPS), u64(s, STATS_INPPS),
          u64(s, STATS_OUTPPS), u64(s, STATS_INBPS), u64(s, STATS_OUTBPS));
    }
    if (parent.has(legacy)) {
      Attributes s = parent.nested(legacy);
      return new Stats(u32(s, STATS_CONNS), u32(s, STATS_INPKTS), u32(s, STATS_OUTPKTS),
          u64(s, STATS_INBYTES), u64(s, STATS_OUTBYTES), u32(s, STATS_CPS), u32(s, STATS_INPPS),
          u32(s, STATS_OUTPPS), u32(s, STATS_INBPS), u32(s, STATS_OUTBPS));
    }
    return Stats.ZERO;
  }

  private static long u64(Attributes s, int type) throws MalformedMessageException {
    return s.u64(type, 0);
  }

  private static long u32(Attributes s, int type) throws MalformedMessageException {
    return s.u32Unsigned(type, 0);
  }

  /** Whether an address is IPv6. */
  static boolean isIpv6(InetAddress address) {
    return address instanceof Inet6Address;
  }
}
