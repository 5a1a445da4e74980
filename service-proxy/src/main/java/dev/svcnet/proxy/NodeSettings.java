package dev.svcnet.proxy;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * The node kube-proxy runs on and the cluster around it.
 *
 * @param nodeName the node's name; endpoints whose {@code nodeName} equals it are local
 * @param nodeIPs the node's addresses, primary of each family first
 * @param clusterCidrs the pod network ranges ({@code --cluster-cidr}); with one for a family,
 *     traffic from outside it is masqueraded ({@code ! -s CIDR}); without, kube-proxy has no
 *     local-traffic detector for that family
 * @param clusterDomain the DNS domain, usually {@code cluster.local}
 */
public record NodeSettings(String nodeName, List<InetAddress> nodeIPs, List<Cidr> clusterCidrs,
    String clusterDomain) {

  public NodeSettings {
    Objects.requireNonNull(nodeName, "nodeName");
    nodeIPs = List.copyOf(nodeIPs);
    clusterCidrs = List.copyOf(clusterCidrs);
    Objects.requireNonNull(clusterDomain, "clusterDomain");
    if (clusterDomain.isEmpty() || clusterDomain.startsWith(".") || clusterDomain.endsWith(".")) {
      throw new IllegalArgumentException("cluster domain must be a domain name without leading"
          + " or trailing dot, got '" + clusterDomain + "'");
    }
  }

  /** The primary node IP of {@code family}, or {@code null}. */
  public InetAddress nodeIP(IpFamily family) {
    return nodeIPs.stream().filter(ip -> IpFamily.of(ip) == family).findFirst().orElse(null);
  }

  /** The node IPs of {@code family}. */
  public List<InetAddress> nodeIPs(IpFamily family) {
    return nodeIPs.stream().filter(ip -> IpFamily.of(ip) == family).toList();
  }

  /** The cluster CIDR of {@code family}, or {@code null}. */
  public Cidr clusterCidr(IpFamily family) {
    return clusterCidrs.stream().filter(c -> c.family() == family).findFirst().orElse(null);
  }
}
