package dev.svcnet.proxy.sync.internal;

import dev.svcnet.proxy.ClusterService;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.PodIdentity;
import dev.svcnet.proxy.ServiceEndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/** The proxier's desired objects, keyed by namespace/name. Not thread-safe; callers lock. */
final class DesiredState {
  private final TreeMap<String, ClusterService> services = new TreeMap<>();
  private final TreeMap<String, ServiceEndpointSlice> slices = new TreeMap<>();
  private List<PodIdentity> pods = List.of();

  void replaceAll(ClusterState state) {
    Objects.requireNonNull(state, "state");
    services.clear();
    slices.clear();
    state.services().forEach(this::put);
    state.endpointSlices().forEach(this::put);
    pods = state.pods();
  }

  void put(ClusterService service) {
    Objects.requireNonNull(service, "service");
    services.put(service.key(), service);
  }

  void removeService(String namespace, String name) {
    services.remove(key(namespace, name));
  }

  void put(ServiceEndpointSlice slice) {
    Objects.requireNonNull(slice, "slice");
    slices.put(key(slice.namespace(), slice.name()), slice);
  }

  void removeSlice(String namespace, String name) {
    slices.remove(key(namespace, name));
  }

  ClusterState snapshot() {
    return new ClusterState(new ArrayList<>(services.values()), new ArrayList<>(slices.values()),
        pods);
  }

  private static String key(String namespace, String name) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    return namespace + "/" + name;
  }
}
