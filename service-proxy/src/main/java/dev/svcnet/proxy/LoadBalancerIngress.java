package dev.svcnet.proxy;

import java.net.InetAddress;

/**
 * One entry of {@code status.loadBalancer.ingress}.
 *
 * @param ip the ingress IP, or {@code null} for a hostname-only entry
 * @param hostname the hostname, or {@code null}
 * @param proxyMode true for {@code ipMode: Proxy}: the load balancer proxies to the node, so
 *     kube-proxy does not capture the IP locally
 */
public record LoadBalancerIngress(InetAddress ip, String hostname, boolean proxyMode) {

  public LoadBalancerIngress {
    if (ip == null && (hostname == null || hostname.isEmpty())) {
      throw new IllegalArgumentException("an ingress needs an ip or a hostname");
    }
  }

  public static LoadBalancerIngress ofIp(InetAddress ip) {
    return new LoadBalancerIngress(ip, null, false);
  }
}
