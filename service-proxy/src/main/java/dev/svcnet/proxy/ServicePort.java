package dev.svcnet.proxy;

import java.util.Objects;

/**
 * One entry of a Service's {@code spec.ports}.
 *
 * @param name the port's name ({@code ""} if unnamed, allowed only for a single port)
 * @param protocol TCP, UDP or SCTP
 * @param port the service port, 1..65535
 * @param targetPort the target port as written: a number, a port name, or {@code ""} (same as
 *     {@code port}); kube-proxy itself takes endpoint ports from EndpointSlices
 * @param nodePort the allocated node port, or 0 if none is allocated
 */
public record ServicePort(String name, Protocol protocol, int port, String targetPort,
    int nodePort) {

  public ServicePort {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(targetPort, "targetPort");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
    if (nodePort < 0 || nodePort > 65535) {
      throw new IllegalArgumentException("nodePort must be 0..65535, got " + nodePort);
    }
  }

  /** A port without a node port whose target is the same number. */
  public static ServicePort of(String name, Protocol protocol, int port) {
    return new ServicePort(name, protocol, port, "", 0);
  }

  public ServicePort withNodePort(int allocated) {
    return new ServicePort(name, protocol, port, targetPort, allocated);
  }
}
