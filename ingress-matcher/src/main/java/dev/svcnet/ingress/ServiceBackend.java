package dev.svcnet.ingress;

import java.util.Objects;

/**
 * A Service backend: exactly one of {@code portName} or {@code portNumber} is set.
 *
 * @param portName the Service port's name, or null when the port is given by number
 * @param portNumber 1..65535, or 0 when the port is given by name
 */
public record ServiceBackend(String namespace, String name, String portName, int portNumber)
    implements Backend {

  public ServiceBackend {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("service name must not be empty");
    }
    boolean byName = portName != null && !portName.isEmpty();
    if (byName == (portNumber != 0)) {
      throw new IllegalArgumentException(
          "service " + name + ": exactly one of port name and port number, got name="
              + portName + " number=" + portNumber);
    }
    if (portNumber < 0 || portNumber > 65535) {
      throw new IllegalArgumentException("service " + name + ": port " + portNumber
          + " must be between 1 and 65535, inclusive");
    }
  }

  /** A backend addressed by port number. */
  public static ServiceBackend ofNumber(String namespace, String name, int port) {
    return new ServiceBackend(namespace, name, null, port);
  }

  /** {@code namespace/service:port}, the port by name or number. */
  @Override
  public String describe() {
    return namespace + "/" + name + ":" + (portName != null ? portName : portNumber);
  }
}
