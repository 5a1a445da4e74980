package dev.svcnet.ingress;

import java.util.List;

/**
 * One {@code HTTPRoute} rule.
 *
 * @param index its position in {@code spec.rules}
 * @param matches ORed matches (never empty: a rule without matches has
 *     {@link HttpRouteMatch#DEFAULT})
 * @param backends the weighted backendRefs (may be empty: the gateway then answers 500)
 * @param filters the rule's filters, in order (applied by {@link GatewayRouteResult.Matched#apply})
 */
public record HttpRouteRule(
    int index, List<HttpRouteMatch> matches, List<WeightedBackend> backends,
    List<HttpRouteFilter> filters) {

  public HttpRouteRule {
    matches = matches.isEmpty() ? List.of(HttpRouteMatch.DEFAULT) : List.copyOf(matches);
    backends = List.copyOf(backends);
    filters = List.copyOf(filters);
    if (index < 0) {
      throw new IllegalArgumentException("rule index must be >= 0");
    }
    boolean prefixRewrite = usesPrefixReplacement(filters) || backends.stream()
        .anyMatch(b -> usesPrefixReplacement(b.filters()));
    if (prefixRewrite && (matches.size() != 1
        || matches.get(0).pathType() != HttpRouteMatch.PathMatchType.PATH_PREFIX)) {
      throw new IllegalArgumentException("rule " + index + ": with path.replacePrefixMatch,"
          + " exactly one PathPrefix match must be specified");
    }
    if (!backends.isEmpty()
        && filters.stream().anyMatch(f -> f instanceof HttpRouteFilter.RequestRedirect)) {
      throw new IllegalArgumentException("rule " + index + ": RequestRedirect filter must not"
          + " be used together with backendRefs");
    }
  }

  /** Whether a URLRewrite or RequestRedirect among {@code filters} uses ReplacePrefixMatch. */
  public static boolean usesPrefixReplacement(List<HttpRouteFilter> filters) {
    return filters.stream().anyMatch(f -> {
      HttpRouteFilter.PathModifier path = f instanceof HttpRouteFilter.UrlRewrite r ? r.path()
          : f instanceof HttpRouteFilter.RequestRedirect r ? r.path() : null;
      return path != null
          && path.kind() == HttpRouteFilter.PathModifier.Kind.REPLACE_PREFIX_MATCH;
    });
  }
}
