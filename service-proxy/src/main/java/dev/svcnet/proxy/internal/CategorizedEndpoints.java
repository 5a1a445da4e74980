package dev.svcnet.proxy.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * kube-proxy's {@code CategorizeEndpoints} (without topology hints): which endpoints Cluster
 * and Local traffic policy use.
 *
 * <p>Cluster endpoints are the ready ones; if none is ready, the serving and terminating ones.
 * Local endpoints are the local ready ones; if none, the local serving and terminating ones.
 *
 * @param cluster endpoints for Cluster policy (empty if the port does not use them)
 * @param local endpoints for Local policy (empty if the port does not use them)
 * @param allReachable the union: every endpoint that gets a KUBE-SEP chain
 * @param hasAny whether there are usable endpoints anywhere in the cluster
 */
public record CategorizedEndpoints(List<EndpointInfo> cluster, List<EndpointInfo> local,
    List<EndpointInfo> allReachable, boolean hasAny) {

  public static CategorizedEndpoints of(List<EndpointInfo> endpoints, ServicePortInfo port) {
    List<EndpointInfo> cluster = List.of();
    boolean hasAny = false;
    if (port.usesClusterEndpoints()) {
      cluster = filter(endpoints, EndpointInfo::ready);
      if (cluster.isEmpty()) {
        cluster = filter(endpoints, e -> e.serving() && e.terminating());
      }
      hasAny = !cluster.isEmpty();
    }
    if (!port.usesLocalEndpoints()) {
      return new CategorizedEndpoints(cluster, List.of(), cluster, hasAny);
    }
    boolean localReady = false;
    boolean localServingTerminating = false;
    for (EndpointInfo e : endpoints) {
      if (e.ready()) {
        hasAny = true;
        localReady |= e.local();
      } else if (e.serving() && e.terminating()) {
        hasAny = true;
        localServingTerminating |= e.local();
      }
    }
    List<EndpointInfo> local = List.of();
    if (localReady) {
      local = filter(endpoints, e -> e.local() && e.ready());
    } else if (localServingTerminating) {
      local = filter(endpoints, e -> e.local() && e.serving() && e.terminating());
    }
    if (!port.usesClusterEndpoints()) {
      return new CategorizedEndpoints(cluster, local, local, hasAny);
    }
    Map<String, EndpointInfo> union = new LinkedHashMap<>();
    cluster.forEach(e -> union.put(e.hostPort(), e));
    local.forEach(e -> union.put(e.hostPort(), e));
    List<EndpointInfo> all = new ArrayList<>(union.values());
    all.sort(Comparator.comparing(EndpointInfo::hostPort));
    return new CategorizedEndpoints(cluster, local, List.copyOf(all), hasAny);
  }

  /** The endpoints {@code keep} accepts, in order; the list itself when it accepts all. */
  private static List<EndpointInfo> filter(List<EndpointInfo> endpoints,
      Predicate<EndpointInfo> keep) {
    int i = 0;
    while (i < endpoints.size() && keep.test(endpoints.get(i))) {
      i++;
    }
    if (i == endpoints.size()) {
      return endpoints;
    }
    List<EndpointInfo> out = new ArrayList<>(endpoints.subList(0, i));
    for (i++; i < endpoints.size(); i++) {
      if (keep.test(endpoints.get(i))) {
        out.add(endpoints.get(i));
      }
    }
    return List.copyOf(out);
  }
}
