package dev.svcnet.ingress;

import java.util.Objects;

/**
 * A Gateway API {@code backendRef}.
 *
 * @param port the port, 0 when not given
 * @param weight the relative weight (default 1); 0 receives no traffic
 */
public record WeightedBackend(String namespace, String name, int port, int weight) {

  public WeightedBackend {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if (port < 0 || port > 65535 || weight < 0 || weight > 1_000_000) {
      throw new IllegalArgumentException("backendRef " + name + ": port 0..65535 and weight"
          + " 0..1000000, got " + port + " and " + weight);
    }
  }

  /** {@code namespace/name:port}. */
  public String describe() {
    return namespace + "/" + name + (port == 0 ? "" : ":" + port);
  }
}
