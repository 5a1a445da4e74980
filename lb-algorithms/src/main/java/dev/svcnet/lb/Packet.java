package dev.svcnet.lb;

/**
 * The first packet of a new connection as a scheduler sees it.
 *
 * @param protocol the transport protocol
 * @param client the packet's source address and port (the client)
 * @param service the packet's destination address and port (the virtual service address; for
 *     {@code dh}, {@code lblc} and {@code lblcr} this is the address that is hashed or cached)
 */
public record Packet(Protocol protocol, Endpoint client, Endpoint service) {

  public Packet {
    InvalidValueException.notNull(protocol, "protocol");
    InvalidValueException.notNull(client, "client");
    InvalidValueException.notNull(service, "service");
  }

  /** A TCP packet from {@code client} to {@code service}. */
  public static Packet tcp(Endpoint client, Endpoint service) {
    return new Packet(Protocol.TCP, client, service);
  }
}
