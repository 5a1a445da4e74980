package dev.svcnet.ingress;

import java.util.List;

/**
 * One {@code HTTPRoute} rule.
 *
 * @param index its position in {@code spec.rules}
 * @param matches ORed matches (never empty: a rule without matches has
 *     {@link HttpRouteMatch#DEFAULT})
 * @param backends the weighted backendRefs (may be empty: the gateway then answers 500)
 * @param filters the filter types, e.g. {@code RequestHeaderModifier}, in order
 */
public record HttpRouteRule(
    int index, List<HttpRouteMatch> matches, List<WeightedBackend> backends,
    List<String> filters) {

  public HttpRouteRule {
    matches = matches.isEmpty() ? List.of(HttpRouteMatch.DEFAULT) : List.copyOf(matches);
    backends = List.copyOf(backends);
    filters = List.copyOf(filters);
    if (index < 0) {
      throw new IllegalArgumentException("rule index must be >= 0");
    }
  }
}
