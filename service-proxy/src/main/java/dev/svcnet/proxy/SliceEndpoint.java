package dev.svcnet.proxy;

import java.util.List;
import java.util.Objects;

/**
 * One entry of an EndpointSlice's {@code endpoints}, with its conditions as kube-proxy reads
 * them: an absent {@code ready} or {@code serving} counts as true, an absent {@code terminating}
 * as false.
 *
 * @param addresses the addresses (kube-proxy uses only the first)
 * @param ready {@code conditions.ready}
 * @param serving {@code conditions.serving}
 * @param terminating {@code conditions.terminating}
 * @param nodeName {@code nodeName}, or {@code null}
 * @param hostname {@code hostname}, or {@code null}
 * @param targetRef {@code targetRef}, or {@code null}
 */
public record SliceEndpoint(List<String> addresses, boolean ready, boolean serving,
    boolean terminating, String nodeName, String hostname, ObjectReference targetRef) {

  public SliceEndpoint {
    addresses = List.copyOf(addresses);
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("an endpoint needs at least one address");
    }
  }

  /** A ready, serving, non-terminating endpoint on {@code nodeName} (may be null). */
  public static SliceEndpoint ready(String address, String nodeName) {
    return new SliceEndpoint(List.of(address), true, true, false, nodeName, null, null);
  }

  public SliceEndpoint withConditions(boolean isReady, boolean isServing, boolean isTerminating) {
    return new SliceEndpoint(addresses, isReady, isServing, isTerminating, nodeName, hostname,
        targetRef);
  }

  public SliceEndpoint withHostname(String name) {
    Objects.requireNonNull(name, "name");
    return new SliceEndpoint(addresses, ready, serving, terminating, nodeName, name, targetRef);
  }
}
