package dev.svcnet.lb;

/**
 * A snapshot of a destination in a modelled service, with the kernel's counters.
 *
 * @param config weight and thresholds as last set
 * @param lastWeight the last non-zero weight (the weight at add time if added with 0); mh builds
 *     its table from it, so quiescing a destination keeps its slots
 * @param activeConnections connections in an active state: TCP SYN_SENT, SYN_RECV, SYNACK or
 *     ESTABLISHED; SCTP ESTABLISHED
 * @param inactiveConnections every other bound connection (TCP and SCTP closing, SCTP handshakes,
 *     every UDP connection)
 * @param overloaded whether {@code IP_VS_DEST_F_OVERLOAD} is set
 */
public record DestinationStatus(DestinationConfig config, int lastWeight, int activeConnections,
    int inactiveConnections, boolean overloaded) {

  public DestinationStatus {
    InvalidValueException.notNull(config, "config");
    InvalidValueException.require(activeConnections >= 0, "activeConnections",
        "must not be negative");
    InvalidValueException.require(inactiveConnections >= 0, "inactiveConnections",
        "must not be negative");
  }

  public Endpoint endpoint() {
    return config.endpoint();
  }

  public int weight() {
    return config.weight();
  }

  /** {@code ip_vs_dest_conn_overhead}: {@code active * 256 + inactive}. */
  public long overhead() {
    return ((long) activeConnections << 8) + inactiveConnections;
  }
}
