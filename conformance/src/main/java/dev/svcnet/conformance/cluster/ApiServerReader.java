package dev.svcnet.conformance.cluster;

import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.KubernetesObjects;
import dev.svcnet.proxy.NodeSettings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the objects kube-proxy works from through the fabric8 client: every Service and
 * EndpointSlice, the node's InternalIP addresses, and the cluster CIDR from kube-proxy's
 * configuration (the {@code kube-system/kube-proxy} ConfigMap that kubeadm writes, key {@code
 * config.conf}, field {@code clusterCIDR}) unless one is given. For Ingress controllers it reads
 * the Ingresses, IngressClasses and Services ({@link #readIngresses}).
 */
public final class ApiServerReader {
  private static final Pattern CLUSTER_CIDR =
      Pattern.compile("(?m)^\\s*clusterCIDR:\\s*[\"']?([0-9a-fA-F.:/,]+)[\"']?\\s*$");

  private ApiServerReader() {}

  /**
   * The snapshot for node {@code nodeName}.
   *
   * @param clusterCidr the cluster CIDR(s) to use instead of kube-proxy's ConfigMap, comma separated
   * @throws IllegalStateException if the node does not exist
   */
  public static ClusterSnapshot read(KubernetesClient client, String nodeName,
      Optional<String> clusterCidr) {
    List<Object> objects = new ArrayList<>();
    objects.addAll(client.services().inAnyNamespace().list().getItems());
    objects.addAll(client.discovery().v1().endpointSlices().inAnyNamespace().list().getItems());
    ClusterState state = KubernetesObjects.fromObjects(objects);

    Node node = client.nodes().withName(nodeName).get();
    if (node == null) {
      throw new IllegalStateException("the API server has no node named '" + nodeName + "'");
    }
    List<InetAddress> nodeIps = new ArrayList<>();
    if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
      for (NodeAddress address : node.getStatus().getAddresses()) {
        if ("InternalIP".equals(address.getType())) {
          nodeIps.add(dev.svcnet.proxy.Ips.parse(address.getAddress()));
        }
      }
    }
    String source;
    String cidrText;
    if (clusterCidr.isPresent()) {
      cidrText = clusterCidr.get();
      source = "given";
    } else {
      Optional<String> fromConfig = kubeProxyClusterCidr(client);
      cidrText = fromConfig.orElse("");
      source = fromConfig.isPresent() ? "kube-system/kube-proxy ConfigMap"
          : "unknown (no clusterCIDR in kube-system/kube-proxy): no local-traffic masquerade rule predicted";
    }
    List<Cidr> cidrs = new ArrayList<>();
    for (String part : cidrText.split(",")) {
      if (!part.isBlank()) {
        cidrs.add(Cidr.parse(part.trim()));
      }
    }
    return new ClusterSnapshot(state, new NodeSettings(nodeName, nodeIps, cidrs, "cluster.local"), source);
  }

  /** Every Ingress and IngressClass (networking.k8s.io/v1) and every Service. */
  public static ClusterIngresses readIngresses(KubernetesClient client) {
    return new ClusterIngresses(
        client.network().v1().ingresses().inAnyNamespace().list().getItems(),
        client.network().v1().ingressClasses().list().getItems(),
        client.services().inAnyNamespace().list().getItems());
  }

  private static Optional<String> kubeProxyClusterCidr(KubernetesClient client) {
    ConfigMap config = client.configMaps().inNamespace("kube-system").withName("kube-proxy").get();
    if (config == null || config.getData() == null || config.getData().get("config.conf") == null) {
      return Optional.empty();
    }
    Matcher m = CLUSTER_CIDR.matcher(config.getData().get("config.conf"));
    return m.find() && !m.group(1).isBlank() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
