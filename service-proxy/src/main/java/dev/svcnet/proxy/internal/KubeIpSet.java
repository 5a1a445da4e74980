package dev.svcnet.proxy.internal;

import dev.svcnet.proxy.IpFamily;

/**
 * The ipsets kube-proxy in IPVS mode creates on every sync, in the order of its {@code
 * ipsetInfo} table (pkg/proxy/ipvs/proxier.go), with the types given there and the comments of
 * pkg/proxy/ipvs/ipset.go (used in the iptables rules that match the set, not in the set).
 */
public enum KubeIpSet {
  LOOP_BACK("KUBE-LOOP-BACK", "hash:ip,port,ip",
      "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose"),
  CLUSTER_IP("KUBE-CLUSTER-IP", "hash:ip,port",
      "Kubernetes service cluster ip + port for masquerade purpose"),
  EXTERNAL_IP("KUBE-EXTERNAL-IP", "hash:ip,port",
      "Kubernetes service external ip + port for masquerade and filter purpose"),
  EXTERNAL_IP_LOCAL("KUBE-EXTERNAL-IP-LOCAL", "hash:ip,port",
      "Kubernetes service external ip + port with externalTrafficPolicy=local"),
  LOAD_BALANCER("KUBE-LOAD-BALANCER", "hash:ip,port", "Kubernetes service lb portal"),
  LOAD_BALANCER_FW("KUBE-LOAD-BALANCER-FW", "hash:ip,port",
      "Kubernetes service load balancer ip + port for load balancer with sourceRange"),
  LOAD_BALANCER_LOCAL("KUBE-LOAD-BALANCER-LOCAL", "hash:ip,port",
      "Kubernetes service load balancer ip + port with externalTrafficPolicy=local"),
  LOAD_BALANCER_SOURCE_IP("KUBE-LOAD-BALANCER-SOURCE-IP", "hash:ip,port,ip",
      "Kubernetes service load balancer ip + port + source IP for packet filter purpose"),
  LOAD_BALANCER_SOURCE_CIDR("KUBE-LOAD-BALANCER-SOURCE-CIDR", "hash:ip,port,net",
      "Kubernetes service load balancer ip + port + source cidr for packet filter purpose"),
  NODE_PORT_TCP("KUBE-NODE-PORT-TCP", "bitmap:port",
      "Kubernetes nodeport TCP port for masquerade purpose"),
  NODE_PORT_LOCAL_TCP("KUBE-NODE-PORT-LOCAL-TCP", "bitmap:port",
      "Kubernetes nodeport TCP port with externalTrafficPolicy=local"),
  NODE_PORT_UDP("KUBE-NODE-PORT-UDP", "bitmap:port",
      "Kubernetes nodeport UDP port for masquerade purpose"),
  NODE_PORT_LOCAL_UDP("KUBE-NODE-PORT-LOCAL-UDP", "bitmap:port",
      "Kubernetes nodeport UDP port with externalTrafficPolicy=local"),
  NODE_PORT_SCTP("KUBE-NODE-PORT-SCTP-HASH", "hash:ip,port",
      "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'"),
  NODE_PORT_LOCAL_SCTP("KUBE-NODE-PORT-LOCAL-SCTP-HASH", "hash:ip,port",
      "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'"),
  HEALTH_CHECK_NODE_PORT("KUBE-HEALTH-CHECK-NODE-PORT", "bitmap:port",
      "Kubernetes health check node port"),
  IPVS_IPS("KUBE-IPVS-IPS", "hash:ip", "Addresses on the ipvs interface");

  private final String baseName;
  private final String type;
  private final String comment;

  KubeIpSet(String baseName, String type, String comment) {
    this.baseName = baseName;
    this.type = type;
    this.comment = comment;
  }

  /** The IPv4 name, e.g. {@code KUBE-CLUSTER-IP}. */
  public String baseName() {
    return baseName;
  }

  /**
   * The name in {@code family}: IPv6 sets are called {@code KUBE-6-…}, cut to ipset's 31
   * characters (NewIPSet in pkg/proxy/ipvs/ipset.go).
   */
  public String name(IpFamily family) {
    if (family == IpFamily.IPV4) {
      return baseName;
    }
    String six = "KUBE-6-" + baseName.substring("KUBE-".length());
    return six.length() > 31 ? six.substring(0, 31) : six;
  }

  public String type() {
    return type;
  }

  public String comment() {
    return comment;
  }

  public boolean bitmap() {
    return type.startsWith("bitmap:");
  }
}
