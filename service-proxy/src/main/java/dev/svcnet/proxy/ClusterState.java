package dev.svcnet.proxy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The objects the data plane is rendered from: Services, EndpointSlices and Pods.
 *
 * @param services the Services, each {@code namespace/name} at most once
 * @param endpointSlices the EndpointSlices, each {@code namespace/name} at most once
 * @param pods the Pods (for DNS hostnames)
 */
public record ClusterState(List<ClusterService> services,
    List<ServiceEndpointSlice> endpointSlices, List<PodIdentity> pods) {

  public ClusterState {
    services = List.copyOf(services);
    endpointSlices = List.copyOf(endpointSlices);
    pods = List.copyOf(pods);
    Set<String> seen = new HashSet<>();
    for (ClusterService service : services) {
      if (!seen.add(service.key())) {
        throw new IllegalArgumentException("Service " + service.key() + " is given twice");
      }
    }
    seen.clear();
    for (ServiceEndpointSlice slice : endpointSlices) {
      if (!seen.add(slice.namespace() + "/" + slice.name())) {
        throw new IllegalArgumentException("EndpointSlice " + slice.namespace() + "/"
            + slice.name() + " is given twice");
      }
    }
  }

  public static ClusterState of(List<ClusterService> services,
      List<ServiceEndpointSlice> endpointSlices) {
    return new ClusterState(services, endpointSlices, List.of());
  }
}
