package dev.svcnet.lb.internal;

import dev.svcnet.lb.Endpoint;
import java.util.ArrayList;
import java.util.List;

/** Builds destination lists with chosen counters for scheduler unit tests. */
final class Dests {

  private Dests() {}

  static Dest dest(int i, int weight, int active, int inactive, boolean overloaded) {
    Dest dest = new Dest(Endpoint.of("10.0." + (i >> 8) + "." + (i & 0xFF), 80));
    dest.weight = weight;
    dest.lastWeight = weight;
    dest.activeConns = active;
    dest.inactiveConns = inactive;
    dest.overloaded = overloaded;
    dest.available = true;
    return dest;
  }

  /** Destinations with these weights, index 0 first in the list. */
  static List<Dest> weights(int... weights) {
    List<Dest> dests = new ArrayList<>();
    for (int i = 0; i < weights.length; i++) {
      dests.add(dest(i + 1, weights[i], 0, 0, false));
    }
    return dests;
  }
}
