package dev.svcnet.proxy.sync.internal;

import dev.svcnet.proxy.ClusterService;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.PodIdentity;
import dev.svcnet.proxy.ServiceEndpointSlice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The proxier's desired objects, keyed by namespace/name, with the EndpointSlices also indexed
 * by the Service they belong to. Not thread-safe; callers lock.
 */
public final class DesiredState {
  private final TreeMap<String, ClusterService> services = new TreeMap<>();
  private final TreeMap<String, ServiceEndpointSlice> slices = new TreeMap<>();
  /** namespace/serviceName to its slices by slice key. */
  private final Map<String, TreeMap<String, ServiceEndpointSlice>> slicesByService =
      new HashMap<>();
  private List<PodIdentity> pods = List.of();

  public void replaceAll(ClusterState state) {
    Objects.requireNonNull(state, "state");
    services.clear();
    slices.clear();
    slicesByService.clear();
    state.services().forEach(this::put);
    state.endpointSlices().forEach(this::put);
    pods = state.pods();
  }

  public void put(ClusterService service) {
    Objects.requireNonNull(service, "service");
    services.put(service.key(), service);
  }

  public void removeService(String namespace, String name) {
    services.remove(key(namespace, name));
  }

  /** Adds or replaces the slice; the one it replaced, or null. */
  public ServiceEndpointSlice put(ServiceEndpointSlice slice) {
    Objects.requireNonNull(slice, "slice");
    String key = key(slice.namespace(), slice.name());
    ServiceEndpointSlice old = slices.put(key, slice);
    if (old != null) {
      unindex(key, old);
    }
    slicesByService.computeIfAbsent(slice.serviceKey(), k -> new TreeMap<>()).put(key, slice);
    return old;
  }

  /** Removes the slice; the one removed, or null. */
  public ServiceEndpointSlice removeSlice(String namespace, String name) {
    String key = key(namespace, name);
    ServiceEndpointSlice old = slices.remove(key);
    if (old != null) {
      unindex(key, old);
    }
    return old;
  }

  private void unindex(String key, ServiceEndpointSlice slice) {
    TreeMap<String, ServiceEndpointSlice> of = slicesByService.get(slice.serviceKey());
    of.remove(key);
    if (of.isEmpty()) {
      slicesByService.remove(slice.serviceKey());
    }
  }

  /** The Service {@code namespace/name}, or null. */
  public ClusterService service(String serviceKey) {
    return services.get(serviceKey);
  }

  /** The keys ({@code namespace/name}) of every Service. */
  public Set<String> serviceKeys() {
    return services.keySet();
  }

  /** The slices of the Service {@code namespace/name} (which need not exist), by slice key. */
  public List<ServiceEndpointSlice> slicesOf(String serviceKey) {
    TreeMap<String, ServiceEndpointSlice> of = slicesByService.get(serviceKey);
    return of == null ? List.of() : new ArrayList<>(of.values());
  }

  public ClusterState snapshot() {
    return new ClusterState(new ArrayList<>(services.values()), new ArrayList<>(slices.values()),
        pods);
  }

  public static String key(String namespace, String name) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    return namespace + "/" + name;
  }
}
