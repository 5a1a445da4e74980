package dev.svcnet.proxy.internal;

import dev.svcnet.proxy.ChainName;
import dev.svcnet.proxy.Ips;
import dev.svcnet.proxy.Protocol;
import dev.svcnet.proxy.ServicePortName;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * One endpoint of one service port, as kube-proxy keeps it. Its texts are made once: a render
 * prints them in several rules and sorts by {@code hostPort}.
 *
 * @param ip the endpoint's (first) address
 * @param port the endpoint port from the EndpointSlice
 * @param local on this node
 * @param ready {@code conditions.ready}
 * @param serving {@code conditions.serving}
 * @param terminating {@code conditions.terminating}
 * @param ipText the address as Go prints it
 * @param hostPort {@code ip:port}, or {@code [ip]:port} for IPv6
 */
public record EndpointInfo(InetAddress ip, int port, boolean local, boolean ready,
    boolean serving, boolean terminating, String ipText, String hostPort) {

  public EndpointInfo(InetAddress ip, int port, boolean local, boolean ready, boolean serving,
      boolean terminating) {
    this(ip, port, local, ready, serving, terminating, Ips.text(ip));
  }

  private EndpointInfo(InetAddress ip, int port, boolean local, boolean ready, boolean serving,
      boolean terminating, String ipText) {
    this(ip, port, local, ready, serving, terminating, ipText,
        ip instanceof Inet6Address ? "[" + ipText + "]:" + port : ipText + ":" + port);
  }

  public ChainName chain(ServicePortName name, Protocol protocol) {
    return ChainName.endpoint(name, protocol, hostPort);
  }

  /** The KUBE-SEP chain, from the service port's {@link ChainName#hashKey}. */
  public ChainName chain(String hashKey) {
    return ChainName.endpoint(hashKey, hostPort);
  }
}
