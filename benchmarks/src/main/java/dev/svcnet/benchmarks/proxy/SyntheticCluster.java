package dev.svcnet.benchmarks.proxy;

import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.ClusterService;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.Ips;
import dev.svcnet.proxy.KubernetesObjects;
import dev.svcnet.proxy.NodeSettings;
import dev.svcnet.proxy.ServiceEndpointSlice;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster of {@code services} Services with {@code endpointsPerService} ready endpoints each,
 * read through {@link KubernetesObjects} from generated YAML, a few hundred objects at a time.
 * Every service has one TCP port (80 to 8080); every fifth is a NodePort (nodePort 30000 +
 * i/5, so unique up to 13,839 services); endpoints are spread over three nodes, one of them
 * this node.
 */
final class SyntheticCluster {

  /** The node the payloads are rendered for. */
  static final NodeSettings NODE = new NodeSettings("node-0", List.of(Ips.parse("192.168.0.2")),
      List.of(Cidr.parse("10.128.0.0/9")), "cluster.local");

  private static final int BATCH = 250;

  private SyntheticCluster() {}

  static ClusterState of(int services, int endpointsPerService) {
    List<ClusterService> allServices = new ArrayList<>(services);
    List<ServiceEndpointSlice> allSlices = new ArrayList<>(services);
    for (int first = 0; first < services; first += BATCH) {
      StringBuilder yaml = new StringBuilder();
      for (int i = first; i < Math.min(services, first + BATCH); i++) {
        yaml.append(service(i)).append(slice(i, endpointsPerService));
      }
      ClusterState batch = KubernetesObjects.fromYaml(yaml.toString());
      allServices.addAll(batch.services());
      allSlices.addAll(batch.endpointSlices());
    }
    return ClusterState.of(allServices, allSlices);
  }

  /** Service {@code i} and its slice only. */
  static ClusterState single(int i, int endpointsPerService) {
    return KubernetesObjects.fromYaml(service(i) + slice(i, endpointsPerService));
  }

  private static String service(int i) {
    int ip = i + 1; // 10.96.0.1 upwards
    String nodePort = i % 5 == 0 ? ", nodePort: " + (30000 + i / 5) : "";
    return "---\napiVersion: v1\nkind: Service\nmetadata: {namespace: ns-" + (i / 100)
        + ", name: svc-" + i + "}\nspec:\n  type: " + (i % 5 == 0 ? "NodePort" : "ClusterIP")
        + "\n  clusterIP: 10.96." + (ip >> 8) + "." + (ip & 0xff)
        + "\n  ports: [{name: http, port: 80, targetPort: 8080" + nodePort + "}]\n";
  }

  private static String slice(int i, int endpoints) {
    StringBuilder out = new StringBuilder("---\napiVersion: discovery.k8s.io/v1\n"
        + "kind: EndpointSlice\nmetadata: {namespace: ns-" + (i / 100) + ", name: svc-" + i
        + "-1, labels: {kubernetes.io/service-name: svc-" + i + "}}\naddressType: IPv4\n"
        + "endpoints:\n");
    for (int j = 0; j < endpoints; j++) {
      int k = i * endpoints + j + 1; // 10.128.0.1 upwards
      out.append("- {addresses: [10.").append(128 + (k >> 16)).append('.')
          .append((k >> 8) & 0xff).append('.').append(k & 0xff).append("], nodeName: node-")
          .append(j % 3).append("}\n");
    }
    return out.append("ports: [{name: http, port: 8080, protocol: TCP}]\n").toString();
  }
}
