package dev.svcnet.proxy.internal;

import dev.svcnet.proxy.Protocol;
import java.util.Comparator;
import java.util.Objects;

/**
 * The order service ports are rendered in: by {@code ns/name:port} text, then protocol. The
 * text is made once per port, not once per comparison.
 *
 * @param name {@code ns/name:port} ({@code ns/name} for an unnamed port)
 * @param protocol the port's protocol
 */
public record ServicePortKey(String name, Protocol protocol) implements Comparable<ServicePortKey> {

  private static final Comparator<ServicePortKey> ORDER =
      Comparator.comparing(ServicePortKey::name).thenComparing(ServicePortKey::protocol);

  public ServicePortKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(protocol, "protocol");
  }

  public static ServicePortKey of(ServicePortInfo port) {
    return new ServicePortKey(port.name().toString(), port.protocol());
  }

  @Override
  public int compareTo(ServicePortKey other) {
    return ORDER.compare(this, other);
  }
}
