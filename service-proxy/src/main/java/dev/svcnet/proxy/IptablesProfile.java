package dev.svcnet.proxy;

/** Which kube-proxy release's iptables layout to render. */
public enum IptablesProfile {
  /**
   * Kubernetes 1.28-1.33: KUBE-EXT chains for external destinations, masquerade rules in the
   * service chain, KUBE-PROXY-FIREWALL for loadBalancerSourceRanges, {@code "S -> ip:port"}
   * comments on the endpoint jumps.
   */
  CURRENT,
  /**
   * Kubernetes 1.22: NodePorts and external IPs jump straight to KUBE-SVC (or to KUBE-XLB with
   * externalTrafficPolicy Local), load-balancer IPs go through KUBE-FW, drops go to kubelet's
   * KUBE-MARK-DROP, addresses carry /32 or /128, endpoint jumps are commented with the bare
   * {@code ns/name:port} and KUBE-XLB's with {@code "Balancing rule i for ..."}.
   */
  V1_22
}
