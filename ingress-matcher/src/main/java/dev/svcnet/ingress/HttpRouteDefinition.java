package dev.svcnet.ingress;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A validated Gateway API HTTPRoute reduced to what routing needs.
 *
 * @param hostnames lower-case hostnames, possibly {@code *.}-prefixed; empty matches any host
 */
public record HttpRouteDefinition(
    String namespace, String name, Instant created, List<String> hostnames,
    List<HttpRouteRule> rules) {

  /** Oldest first, then {@code namespace/name} alphabetically (the Gateway API tie-break). */
  public static final Comparator<HttpRouteDefinition> OLDEST_FIRST =
      Comparator.comparing(HttpRouteDefinition::created)
          .thenComparing(HttpRouteDefinition::ref);

  public HttpRouteDefinition {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(created, "created");
    hostnames = List.copyOf(hostnames);
    rules = List.copyOf(rules);
  }

  /** {@code namespace/name}. */
  public String ref() {
    return namespace + "/" + name;
  }
}
