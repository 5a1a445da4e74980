package dev.svcnet.ingress;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Where a Gateway API request went: an HTTPRoute rule, or nowhere (404). */
public sealed interface GatewayRouteResult
    permits GatewayRouteResult.Matched, GatewayRouteResult.NotFound {

  /** The line the CLI prints after {@code ->}. */
  String describe();

  /**
   * A rule matched.
   *
   * @param matchIndex which of the rule's matches held
   * @param hostname the route hostname that matched, empty when the route has none
   */
  record Matched(HttpRouteDefinition route, HttpRouteRule rule, int matchIndex, String hostname)
      implements GatewayRouteResult {
    public Matched {
      Objects.requireNonNull(route, "route");
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(hostname, "hostname");
    }

    /** The weighted backends and filters, e.g. {@code ns/a:80 (weight 90), ns/b:80 (weight
     * 10) [filters: URLRewrite]}; {@code redirect [filters: RequestRedirect]} for a redirecting
     * rule; {@code 500 (no backendRefs)} for a rule with neither. */
    @Override
    public String describe() {
      List<WeightedBackend> backends = rule.backends();
      boolean redirects = rule.filters().stream()
          .anyMatch(f -> f instanceof HttpRouteFilter.RequestRedirect);
      String targets = backends.isEmpty() ? (redirects ? "redirect" : "500 (no backendRefs)")
          : backends.size() == 1 ? backends.get(0).describe()
          : backends.stream().map(b -> b.describe() + " (weight " + b.weight() + ")")
              .collect(Collectors.joining(", "));
      return targets + (rule.filters().isEmpty() ? "" : " [filters: "
          + rule.filters().stream().map(HttpRouteFilter::type).collect(Collectors.joining(", "))
          + "]");
    }

    /**
     * The rule's filters, then each backendRef's, applied to {@code request} (the request this
     * result was routed for): one outcome per backendRef with its weight's share of traffic, or
     * a single {@link GatewayOutcome.Redirected} when the rule itself redirects, or a single
     * {@link GatewayOutcome.NoBackend} for a rule without backendRefs.
     */
    public List<GatewayOutcome> apply(HttpRequest request) {
      return dev.svcnet.ingress.internal.GatewayFilters.apply(this, request);
    }
  }

  /** No attached rule matches: 404. */
  record NotFound() implements GatewayRouteResult {
    @Override
    public String describe() {
      return "404";
    }
  }
}
