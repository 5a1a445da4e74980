package dev.svcnet.proxy;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A Kubernetes Service as the API server stores it, reduced to what the data plane uses.
 *
 * @param namespace {@code metadata.namespace}
 * @param name {@code metadata.name}
 * @param type {@code spec.type}
 * @param headless {@code spec.clusterIP: None}
 * @param clusterIPs {@code spec.clusterIPs} (primary first); empty if not yet allocated or
 *     headless
 * @param ports {@code spec.ports}
 * @param externalIPs {@code spec.externalIPs}
 * @param loadBalancerIngress {@code status.loadBalancer.ingress}
 * @param loadBalancerSourceRanges {@code spec.loadBalancerSourceRanges}
 * @param sessionAffinityTimeoutSeconds the ClientIP affinity timeout, or 0 for no affinity
 * @param externalTrafficPolicyLocal {@code spec.externalTrafficPolicy: Local}
 * @param internalTrafficPolicyLocal {@code spec.internalTrafficPolicy: Local}
 * @param healthCheckNodePort {@code spec.healthCheckNodePort}, 0 if none
 * @param externalName {@code spec.externalName} of an ExternalName service, else {@code null}
 * @param publishNotReadyAddresses {@code spec.publishNotReadyAddresses} (DNS only)
 */
public record ClusterService(String namespace, String name, ServiceType type, boolean headless,
    List<InetAddress> clusterIPs, List<ServicePort> ports, List<InetAddress> externalIPs,
    List<LoadBalancerIngress> loadBalancerIngress, List<Cidr> loadBalancerSourceRanges,
    int sessionAffinityTimeoutSeconds, boolean externalTrafficPolicyLocal,
    boolean internalTrafficPolicyLocal, int healthCheckNodePort, String externalName,
    boolean publishNotReadyAddresses) {

  /** kube-proxy's default ClientIP affinity timeout (3 hours). */
  public static final int DEFAULT_AFFINITY_TIMEOUT_SECONDS = 10800;

  public ClusterService {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    clusterIPs = List.copyOf(clusterIPs);
    ports = List.copyOf(ports);
    externalIPs = List.copyOf(externalIPs);
    loadBalancerIngress = List.copyOf(loadBalancerIngress);
    loadBalancerSourceRanges = List.copyOf(loadBalancerSourceRanges);
    if (headless && !clusterIPs.isEmpty()) {
      throw new IllegalArgumentException(key() + ": a headless service has no cluster IPs");
    }
    if (clusterIPs.size() > 2
        || (clusterIPs.size() == 2
            && IpFamily.of(clusterIPs.get(0)) == IpFamily.of(clusterIPs.get(1)))) {
      throw new IllegalArgumentException(key() + ": at most one cluster IP per family");
    }
    if (sessionAffinityTimeoutSeconds < 0) {
      throw new IllegalArgumentException(key() + ": affinity timeout must be >= 0");
    }
    if (healthCheckNodePort < 0 || healthCheckNodePort > 65535) {
      throw new IllegalArgumentException(key() + ": healthCheckNodePort must be 0..65535");
    }
    if (type == ServiceType.EXTERNAL_NAME && (externalName == null || externalName.isEmpty())) {
      throw new IllegalArgumentException(key() + ": an ExternalName service needs externalName");
    }
  }

  /** {@code namespace/name}. */
  public String key() {
    return namespace + "/" + name;
  }

  /** The cluster IP of {@code family}, or {@code null}. */
  public InetAddress clusterIP(IpFamily family) {
    for (InetAddress ip : clusterIPs) {
      if (IpFamily.of(ip) == family) {
        return ip;
      }
    }
    return null;
  }

  public boolean sessionAffinity() {
    return sessionAffinityTimeoutSeconds > 0;
  }

  /** A ClusterIP service on {@code clusterIP} with {@code ports} and nothing else set. */
  public static ClusterService clusterIp(String namespace, String name, InetAddress clusterIP,
      List<ServicePort> ports) {
    return new ClusterService(namespace, name, ServiceType.CLUSTER_IP, false, List.of(clusterIP),
        ports, List.of(), List.of(), List.of(), 0, false, false, 0, null, false);
  }
}
