package dev.svcnet.ipvs;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A destination (real server) of a virtual service.
 *
 * @param address the server's address
 * @param port its port (0..65535)
 * @param forwarding how packets reach it
 * @param weight 0..2147483647; 0 quiesces it (no new connections)
 * @param upperThreshold connection count at which it is overloaded (0 = no limit)
 * @param lowerThreshold connection count under which it takes connections again (0 = 3/4 of
 *     the upper threshold); never above the upper threshold
 * @param tunnel tunnel settings, required for (and only for) TUNNEL forwarding
 */
public record RealServer(InetAddress address, int port, ForwardingMethod forwarding, int weight,
    long upperThreshold, long lowerThreshold, Tunnel tunnel) {

  private static final long MAX_U32 = 0xFFFFFFFFL;

  public RealServer {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(forwarding, "forwarding");
    // The messages are built only on failure: every destination of a dump passes through here.
    if (port < 0 || port > 65535) {
      Ports.check(Addresses.text(address) + ": port", port);
    }
    if (weight < 0) {
      throw new IllegalArgumentException(who(address, port) + ": weight must be 0..2147483647,"
          + " got " + weight);
    }
    if (upperThreshold < 0 || upperThreshold > MAX_U32) {
      throw new IllegalArgumentException(who(address, port) + ": upper threshold must be"
          + " 0..4294967295, got " + upperThreshold);
    }
    if (lowerThreshold < 0 || lowerThreshold > MAX_U32) {
      throw new IllegalArgumentException(who(address, port) + ": lower threshold must be"
          + " 0..4294967295, got " + lowerThreshold);
    }
    if (lowerThreshold > upperThreshold) {
      throw new IllegalArgumentException(who(address, port) + ": lower threshold "
          + lowerThreshold + " is above the upper threshold " + upperThreshold);
    }
    if (forwarding == ForwardingMethod.TUNNEL && tunnel == null) {
      tunnel = Tunnel.IPIP;
    }
    if (forwarding != ForwardingMethod.TUNNEL && tunnel != null) {
      throw new IllegalArgumentException(who(address, port)
          + ": tunnel settings need TUNNEL forwarding, not "
          + forwarding);
    }
  }

  private static String who(InetAddress address, int port) {
    return Addresses.withPort(address, port);
  }

  /** A real server with weight 1, no thresholds. */
  public static RealServer of(InetAddress address, int port, ForwardingMethod forwarding) {
    return new RealServer(address, port, forwarding, 1, 0, 0, null);
  }

  public boolean ipv6() {
    return address instanceof Inet6Address;
  }

  public RealServer withWeight(int newWeight) {
    return new RealServer(address, port, forwarding, newWeight, upperThreshold, lowerThreshold,
        tunnel);
  }

  public RealServer withThresholds(long upper, long lower) {
    return new RealServer(address, port, forwarding, weight, upper, lower, tunnel);
  }

  public RealServer withForwarding(ForwardingMethod method, Tunnel settings) {
    return new RealServer(address, port, method, weight, upperThreshold, lowerThreshold, settings);
  }

  /** The same address and port: what identifies a destination within a service. */
  public boolean sameEndpoint(RealServer other) {
    return port == other.port && address.equals(other.address);
  }

  @Override
  public String toString() {
    return Addresses.withPort(address, port) + " " + forwarding.ipvsadmName() + " w" + weight;
  }
}
