package dev.svcnet.proxy;

import java.util.Objects;

/**
 * What kube-proxy calls a service port: {@code namespace/name} plus the port's name. Its string
 * form ({@code ns/name:port}, or {@code ns/name} for an unnamed port) is what chain names hash and
 * what rule comments show.
 *
 * @param namespace the Service's namespace
 * @param name the Service's name
 * @param port the port's name, {@code ""} for an unnamed port
 */
public record ServicePortName(String namespace, String name, String port) {

  public ServicePortName {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(port, "port");
    if (namespace.isEmpty() || name.isEmpty()) {
      throw new IllegalArgumentException("namespace and name must not be empty");
    }
  }

  @Override
  public String toString() {
    return namespace + "/" + name + (port.isEmpty() ? "" : ":" + port);
  }
}
