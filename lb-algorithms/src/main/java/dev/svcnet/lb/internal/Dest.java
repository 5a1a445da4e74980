package dev.svcnet.lb.internal;

import dev.svcnet.lb.DestinationConfig;
import dev.svcnet.lb.DestinationStatus;
import dev.svcnet.lb.Endpoint;

/** The kernel's {@code struct ip_vs_dest}: the fields the schedulers read, mutable like it. */
final class Dest {

  final Endpoint endpoint;
  /** {@code ntohl(addr_fold)} of the address, precomputed for the hashing schedulers. */
  final int foldedAddress;
  int weight;
  int lastWeight;
  int upperThreshold;
  int lowerThreshold;
  /**
   * {@code l_threshold_val}: the lower threshold in use, {@code lowerThreshold} or, if that is 0,
   * {@code upper - upper / 4}; recomputed only when a threshold changes.
   */
  int lowerThresholdValue;
  int activeConns;
  int inactiveConns;
  boolean overloaded;
  /** {@code IP_VS_DEST_F_AVAILABLE}: in the service's list (not in the trash). */
  boolean available;

  Dest(Endpoint endpoint) {
    this.endpoint = endpoint;
    this.foldedAddress = KernelHash.foldedAddress(endpoint.address());
  }

  /** {@code ip_vs_dest_conn_overhead}. */
  long overhead() {
    return ((long) activeConns << 8) + inactiveConns;
  }

  int totalConns() {
    return activeConns + inactiveConns;
  }

  /** sh/dh/mh {@code is_unavailable}: weight not positive or overloaded. */
  boolean unavailableForHashing() {
    return weight <= 0 || overloaded;
  }

  DestinationStatus status() {
    return new DestinationStatus(
        new DestinationConfig(endpoint, weight, upperThreshold, lowerThreshold), lastWeight,
        activeConns, inactiveConns, overloaded);
  }

  @Override
  public String toString() {
    return endpoint + "@" + weight;
  }
}
