package dev.svcnet.ingress;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated Ingress reduced to what routing needs.
 *
 * @param hosts every distinct rule host in declaration order, {@code ""} for a host-less rule;
 *     includes hosts whose rule has no {@code http} value (they route only to default backends)
 * @param rules every path of every rule, in declaration order
 * @param defaultBackend {@code spec.defaultBackend}
 * @param nginx the ingress-nginx routing annotations
 */
public record IngressDefinition(
    IngressRef ref, List<String> hosts, List<PathRule> rules, Optional<Backend> defaultBackend,
    NginxAnnotations nginx) {

  public IngressDefinition {
    Objects.requireNonNull(ref, "ref");
    hosts = List.copyOf(hosts);
    rules = List.copyOf(rules);
    Objects.requireNonNull(defaultBackend, "defaultBackend");
    Objects.requireNonNull(nginx, "nginx");
    for (PathRule rule : rules) {
      if (!rule.ingress().equals(ref)) {
        throw new IllegalArgumentException(
            "rule " + rule.describe() + " does not belong to " + ref);
      }
      if (!hosts.contains(rule.host())) {
        throw new IllegalArgumentException(
            ref + ": rule host '" + rule.host() + "' missing from hosts " + hosts);
      }
    }
    if (hosts.isEmpty() && defaultBackend.isEmpty()) {
      throw new IllegalArgumentException(
          ref + " spec: either `defaultBackend` or `rules` must be specified");
    }
  }
}
