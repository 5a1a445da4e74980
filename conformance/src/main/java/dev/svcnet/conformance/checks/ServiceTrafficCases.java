package dev.svcnet.conformance.checks;

import dev.svcnet.conformance.Settings;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.ServiceEndpointSlice;
import dev.svcnet.proxy.ServicePort;
import dev.svcnet.proxy.SlicePort;
import dev.svcnet.proxy.testing.ServiceCase;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The random clusters of the service-proxy traffic checks (1 to 4 {@link ServiceCase}s each,
 * drawn from the seed), and the test-only fault switch's wrong model of them.
 */
public final class ServiceTrafficCases {

  private static final int MAX_SERVICES = 4;

  private ServiceTrafficCases() {}

  /** {@code count} random clusters drawn from {@code seed}. */
  public static List<List<ServiceCase>> clusters(long seed, int count) {
    Random random = new Random(seed ^ 0x5E2F1CEL);
    List<List<ServiceCase>> clusters = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<ServiceCase> cluster = new ArrayList<>();
      int services = 1 + random.nextInt(MAX_SERVICES);
      for (int s = 0; s < services; s++) {
        cluster.add(ServiceCase.random(random));
      }
      clusters.add(List.copyOf(cluster));
    }
    return clusters;
  }

  /** The clusters of a run of {@code settings}, at most {@code max}. */
  static List<List<ServiceCase>> clusters(Settings settings, int max) {
    return clusters(settings.seed(), Math.min(settings.tries(), max));
  }

  /**
   * What service-proxy is given to program: {@code state} itself, or with the test-only fault
   * switch a deliberately wrong model that forgets the EndpointSlice's port and sends traffic to
   * the endpoints on the Service's own port (where nothing listens).
   */
  public static ClusterState programmed(ClusterState state, boolean faulty) {
    if (!faulty) {
      return state;
    }
    List<ServiceEndpointSlice> slices = state.endpointSlices().stream()
        .map(slice -> new ServiceEndpointSlice(slice.namespace(), slice.name(),
            slice.serviceName(), slice.addressType(), slice.endpoints(), slice.ports().stream()
                .map(port -> new SlicePort(port.name(), port.protocol(),
                    servicePort(state, slice, port))).toList()))
        .toList();
    return ClusterState.of(state.services(), slices);
  }

  private static int servicePort(ClusterState state, ServiceEndpointSlice slice,
      SlicePort port) {
    return state.services().stream()
        .filter(s -> s.namespace().equals(slice.namespace())
            && s.name().equals(slice.serviceName()))
        .flatMap(s -> s.ports().stream())
        .filter(p -> p.name().equals(port.name()))
        .mapToInt(ServicePort::port).findFirst().orElse(port.port());
  }

  /** "N services: case, case, ..." */
  public static String describe(List<ServiceCase> cluster) {
    return cluster.size() + (cluster.size() == 1 ? " service: " : " services: ")
        + String.join(", ", cluster.stream().map(ServiceCase::toString).toList());
  }
}
