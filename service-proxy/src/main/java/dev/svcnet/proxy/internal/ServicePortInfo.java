package dev.svcnet.proxy.internal;

import dev.svcnet.proxy.ChainName;
import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.ClusterService;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.LoadBalancerIngress;
import dev.svcnet.proxy.Protocol;
import dev.svcnet.proxy.ServicePort;
import dev.svcnet.proxy.ServicePortName;
import dev.svcnet.proxy.ServiceType;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One service port as a kube-proxy of one IP family sees it: only that family's cluster IP,
 * external IPs, load-balancer IPs and source ranges.
 *
 * @param name {@code ns/name:port}
 * @param protocol its protocol
 * @param clusterIP the cluster IP of the family
 * @param port the service port
 * @param nodePort the node port, 0 if none
 * @param externalIPs external IPs of the family
 * @param loadBalancerIPs load-balancer ingress IPs of the family (not ipMode Proxy)
 * @param loadBalancerSourceRanges source ranges of the family
 * @param affinityTimeoutSeconds ClientIP affinity timeout, 0 for none
 * @param externalPolicyLocal externalTrafficPolicy Local on a NodePort/LoadBalancer service
 * @param internalPolicyLocal internalTrafficPolicy Local
 * @param healthCheckNodePort the health check node port, 0 if none
 */
public record ServicePortInfo(ServicePortName name, Protocol protocol, InetAddress clusterIP,
    int port, int nodePort, List<InetAddress> externalIPs, List<InetAddress> loadBalancerIPs,
    List<Cidr> loadBalancerSourceRanges, int affinityTimeoutSeconds, boolean externalPolicyLocal,
    boolean internalPolicyLocal, int healthCheckNodePort) {

  public ServicePortInfo {
    externalIPs = List.copyOf(externalIPs);
    loadBalancerIPs = List.copyOf(loadBalancerIPs);
    loadBalancerSourceRanges = List.copyOf(loadBalancerSourceRanges);
  }

  /**
   * The service ports kube-proxy of {@code family} handles for {@code service}: none for
   * ExternalName and headless services and for services without a cluster IP of the family
   * (not allocated yet, or single-stack of the other family).
   */
  public static List<ServicePortInfo> of(ClusterService service, IpFamily family,
      boolean honourIpModeProxy) {
    InetAddress clusterIP = service.clusterIP(family);
    if (service.type() == ServiceType.EXTERNAL_NAME || service.headless() || clusterIP == null) {
      return List.of();
    }
    List<InetAddress> externalIPs = service.externalIPs().stream()
        .filter(ip -> IpFamily.of(ip) == family).toList();
    List<InetAddress> lbIPs = new ArrayList<>();
    for (LoadBalancerIngress ingress : service.loadBalancerIngress()) {
      if (ingress.ip() != null && IpFamily.of(ingress.ip()) == family
          && !(honourIpModeProxy && ingress.proxyMode())) {
        lbIPs.add(ingress.ip());
      }
    }
    List<Cidr> ranges = service.loadBalancerSourceRanges().stream()
        .filter(c -> c.family() == family).toList();
    boolean externalType = service.type() == ServiceType.NODE_PORT
        || service.type() == ServiceType.LOAD_BALANCER;
    boolean etpLocal = externalType && service.externalTrafficPolicyLocal();
    int healthCheck = service.type() == ServiceType.LOAD_BALANCER && etpLocal
        ? service.healthCheckNodePort() : 0;
    List<ServicePortInfo> out = new ArrayList<>();
    for (ServicePort port : service.ports()) {
      out.add(new ServicePortInfo(
          new ServicePortName(service.namespace(), service.name(), port.name()),
          port.protocol(), clusterIP, port.port(), externalType ? port.nodePort() : 0,
          externalIPs, lbIPs, ranges, service.sessionAffinityTimeoutSeconds(), etpLocal,
          service.internalTrafficPolicyLocal(), healthCheck));
    }
    return out;
  }

  /** {@code tcp}, {@code udp} or {@code sctp}. */
  public String lowerProtocol() {
    return protocol.name().toLowerCase(Locale.ROOT);
  }

  /** NodePort, external IPs or load-balancer IPs: kube-proxy's {@code ExternallyAccessible}. */
  public boolean externallyAccessible() {
    return nodePort != 0 || !loadBalancerIPs.isEmpty() || !externalIPs.isEmpty();
  }

  /** Cluster-wide endpoints are needed: internal policy Cluster, or any external access. */
  public boolean usesClusterEndpoints() {
    return !internalPolicyLocal || externallyAccessible();
  }

  /** Node-local endpoints are needed: internal policy Local, or external policy Local. */
  public boolean usesLocalEndpoints() {
    return internalPolicyLocal || (externalPolicyLocal && externallyAccessible());
  }

  public boolean sessionAffinity() {
    return affinityTimeoutSeconds > 0;
  }

  public ChainName serviceChain() {
    return ChainName.service(name, protocol);
  }

  public ChainName localChain() {
    return ChainName.serviceLocal(name, protocol);
  }

  public ChainName externalChain() {
    return ChainName.external(name, protocol);
  }

  public ChainName firewallChain() {
    return ChainName.firewall(name, protocol);
  }

  public ChainName externalLoadBalancerChain() {
    return ChainName.externalLoadBalancer(name, protocol);
  }
}
