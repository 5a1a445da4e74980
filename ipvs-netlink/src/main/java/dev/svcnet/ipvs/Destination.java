package dev.svcnet.ipvs;

import java.util.Objects;

/** A real server as the kernel reports it: its settings, connection counters and statistics. */
public record Destination(RealServer server, long activeConnections, long inactiveConnections,
    long persistentConnections, Stats stats) {

  public Destination {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(stats, "stats");
  }
}
