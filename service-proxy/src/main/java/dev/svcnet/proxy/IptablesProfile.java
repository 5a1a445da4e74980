package dev.svcnet.proxy;

/** Which kube-proxy release's iptables layout to render. */
public enum IptablesProfile {
  /**
   * Kubernetes 1.28-1.33: KUBE-EXT chains for external destinations, masquerade rules in the
   * service chain, KUBE-PROXY-FIREWALL for loadBalancerSourceRanges, {@code "S -> ip:port"}
   * comments on the endpoint jumps.
   */
  CURRENT
}
