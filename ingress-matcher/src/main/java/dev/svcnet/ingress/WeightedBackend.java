package dev.svcnet.ingress;

import java.util.List;
import java.util.Objects;

/**
 * A Gateway API {@code backendRef}.
 *
 * @param port the port, 0 when not given
 * @param weight the relative weight (default 1); 0 receives no traffic
 * @param filters the backendRef's own filters, applied after the rule's, for this backend only
 */
public record WeightedBackend(String namespace, String name, int port, int weight,
    List<HttpRouteFilter> filters) {

  public WeightedBackend {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    filters = List.copyOf(filters);
    if (port < 0 || port > 65535 || weight < 0 || weight > 1_000_000) {
      throw new IllegalArgumentException("backendRef " + name + ": port 0..65535 and weight"
          + " 0..1000000, got " + port + " and " + weight);
    }
  }

  /** A backendRef without filters. */
  public WeightedBackend(String namespace, String name, int port, int weight) {
    this(namespace, name, port, weight, List.of());
  }

  /** {@code namespace/name:port}. */
  public String describe() {
    return namespace + "/" + name + (port == 0 ? "" : ":" + port);
  }
}
