package dev.svcnet.lb;

/**
 * A connection a modelled service scheduled and bound to a destination. It stays bound (and
 * counted) until {@link IpvsService#close(IpvsConnection)}.
 *
 * @param id a number unique within its service, in order of opening
 * @param packet the first packet, which was scheduled
 * @param destination the real server chosen
 */
public record IpvsConnection(long id, Packet packet, Endpoint destination) {

  public IpvsConnection {
    InvalidValueException.require(id >= 0, "id", "must not be negative");
    InvalidValueException.notNull(packet, "packet");
    InvalidValueException.notNull(destination, "destination");
  }
}
