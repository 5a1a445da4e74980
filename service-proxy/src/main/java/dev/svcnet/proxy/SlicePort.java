package dev.svcnet.proxy;

import java.util.Objects;

/**
 * One entry of an EndpointSlice's {@code ports}, after API-server defaulting (an absent name is
 * {@code ""}, an absent protocol TCP).
 *
 * @param name matches the Service port's name
 * @param protocol matches the Service port's protocol
 * @param port the endpoint (target) port; 0 if absent, which kube-proxy ignores
 */
public record SlicePort(String name, Protocol protocol, int port) {
  public SlicePort {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(protocol, "protocol");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
  }
}
