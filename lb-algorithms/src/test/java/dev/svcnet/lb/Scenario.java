package dev.svcnet.lb;

import java.util.ArrayList;
import java.util.List;

/** Small helpers to drive a modelled service in tests. */
final class Scenario {

  static final Endpoint VIP = Endpoint.of("10.96.0.1", 80);

  private Scenario() {}

  static Endpoint rs(int i) {
    return Endpoint.of("10.0.0." + i, 8080);
  }

  static Packet client(int i, int port) {
    return Packet.tcp(Endpoint.of("192.168." + (i >> 8 & 0xFF) + "." + (i & 0xFF), port), VIP);
  }

  /** A service with destinations added in the order given (so the last is first in the list). */
  static IpvsService service(IpvsServiceConfig config, int... weights) {
    IpvsService service = IpvsService.create(config);
    for (int i = 0; i < weights.length; i++) {
      service.addDestination(DestinationConfig.of(rs(i + 1), weights[i]));
    }
    return service;
  }

  static IpvsService service(IpvsScheduler scheduler, int... weights) {
    return service(IpvsServiceConfig.of(scheduler), weights);
  }

  /** Opens {@code count} connections from distinct clients; returns the chosen destinations. */
  static List<Endpoint> picks(IpvsService service, int count) {
    List<Endpoint> picks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      picks.add(service.open(client(i, 40000 + i)).map(IpvsConnection::destination).orElse(null));
    }
    return picks;
  }
}
