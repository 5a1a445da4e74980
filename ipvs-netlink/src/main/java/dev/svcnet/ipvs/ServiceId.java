package dev.svcnet.ipvs;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * What identifies a virtual service: protocol, address and port, or a firewall mark (with the
 * address family it serves).
 */
public sealed interface ServiceId permits ServiceId.ByAddress, ServiceId.ByMark {

  /** True for an IPv6 service. */
  boolean ipv6();

  /** A service on {@code address:port} for {@code protocol}. */
  static ByAddress of(Protocol protocol, InetAddress address, int port) {
    return new ByAddress(protocol, address, port);
  }

  /** A service for packets carrying firewall mark {@code mark}. */
  static ByMark mark(int mark, boolean ipv6) {
    return new ByMark(mark, ipv6);
  }

  /** {@code TCP 10.0.0.1:80}. */
  record ByAddress(Protocol protocol, InetAddress address, int port) implements ServiceId {
    public ByAddress {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(address, "address");
      Ports.check("service port", port);
    }

    @Override
    public boolean ipv6() {
      return address instanceof Inet6Address;
    }

    @Override
    public String toString() {
      return protocol + " " + Addresses.withPort(address, port);
    }
  }

  /** {@code FWM 7}. Marks are 1..2^32-1 (0 means "not a mark service" to the kernel). */
  record ByMark(int mark, boolean ipv6) implements ServiceId {
    public ByMark {
      if (mark == 0) {
        throw new IllegalArgumentException("firewall mark must be non-zero");
      }
    }

    @Override
    public String toString() {
      return "FWM " + Integer.toUnsignedString(mark) + (ipv6 ? " IPv6" : "");
    }
  }
}
