package dev.svcnet.ipvs;

/** Address-family rules between a service and its destinations. */
final class Compatibility {
  private Compatibility() {}

  /** A destination of the other family is allowed only through a tunnel (kernel rule). */
  static void check(ServiceId service, RealServer server) {
    if (service.ipv6() != server.ipv6() && server.forwarding() != ForwardingMethod.TUNNEL) {
      throw new IllegalArgumentException(server + ": an IPv" + (server.ipv6() ? 6 : 4)
          + " destination of the IPv" + (service.ipv6() ? 6 : 4) + " service " + service
          + " needs TUNNEL forwarding");
    }
  }
}
