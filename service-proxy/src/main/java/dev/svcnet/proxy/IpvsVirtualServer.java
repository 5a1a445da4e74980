package dev.svcnet.proxy;

import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.VirtualService;
import java.util.List;
import java.util.Objects;

/**
 * One IPVS virtual server kube-proxy programs and its real servers.
 *
 * @param service the virtual service (address, port, protocol, scheduler, persistence)
 * @param realServers its destinations, sorted by address text and port; empty for a service
 *     without usable endpoints (kube-proxy still creates the virtual server)
 */
public record IpvsVirtualServer(VirtualService service, List<RealServer> realServers) {
  public IpvsVirtualServer {
    Objects.requireNonNull(service, "service");
    realServers = List.copyOf(realServers);
  }
}
