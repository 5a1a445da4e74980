package dev.svcnet.proxy.internal;

import dev.svcnet.proxy.ChainName;
import dev.svcnet.proxy.Ips;
import dev.svcnet.proxy.Protocol;
import dev.svcnet.proxy.ServicePortName;
import java.net.InetAddress;

/**
 * One endpoint of one service port, as kube-proxy keeps it.
 *
 * @param ip the endpoint's (first) address
 * @param port the endpoint port from the EndpointSlice
 * @param local on this node
 * @param ready {@code conditions.ready}
 * @param serving {@code conditions.serving}
 * @param terminating {@code conditions.terminating}
 */
public record EndpointInfo(InetAddress ip, int port, boolean local, boolean ready,
    boolean serving, boolean terminating) {

  /** {@code ip:port}, or {@code [ip]:port} for IPv6. */
  public String hostPort() {
    return Ips.joinHostPort(ip, port);
  }

  public String ipText() {
    return Ips.text(ip);
  }

  public ChainName chain(ServicePortName name, Protocol protocol) {
    return ChainName.endpoint(name, protocol, hostPort());
  }
}
