package dev.svcnet.ingress;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Objects;

/**
 * One {@code HTTPRouteMatch}: every present condition must hold.
 *
 * @param pathType the path match type (defaults to PathPrefix)
 * @param pathValue the path or pattern (defaults to {@code /})
 * @param headers header matches; a repeated name counts only the first time
 * @param queryParams query parameter matches; a repeated name counts only the first time
 * @param method the method, or null for any
 */
public record HttpRouteMatch(
    PathMatchType pathType, String pathValue, List<ValueMatch> headers,
    List<ValueMatch> queryParams, String method) {

  /** Gateway API path match types. */
  public enum PathMatchType {
    EXACT("Exact"), PATH_PREFIX("PathPrefix"), REGULAR_EXPRESSION("RegularExpression");

    private final String gatewayName;

    PathMatchType(String gatewayName) {
      this.gatewayName = gatewayName;
    }

    /** As written in a manifest. */
    public String gatewayName() {
      return gatewayName;
    }
  }

  /** The match a rule without matches gets: PathPrefix {@code /}. */
  public static final HttpRouteMatch DEFAULT =
      new HttpRouteMatch(PathMatchType.PATH_PREFIX, "/", List.of(), List.of(), null);

  public HttpRouteMatch {
    Objects.requireNonNull(pathType, "pathType");
    Objects.requireNonNull(pathValue, "pathValue");
    headers = firstPerName(headers, true);
    queryParams = firstPerName(queryParams, false);
    if (pathType == PathMatchType.REGULAR_EXPRESSION) {
      Pattern.compile(pathValue);
    }
  }

  private static List<ValueMatch> firstPerName(List<ValueMatch> matches, boolean ignoreCase) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    return matches.stream()
        .filter(m -> seen.add(ignoreCase ? m.name().toLowerCase(java.util.Locale.ROOT)
            : m.name()))
        .toList();
  }

  /** Whether the request satisfies every condition. */
  public boolean accepts(HttpRequest request) {
    boolean path = switch (pathType) {
      case EXACT -> request.path().equals(pathValue);
      case PATH_PREFIX -> {
        String key = pathValue.endsWith("/") && pathValue.length() > 1
            ? pathValue.substring(0, pathValue.length() - 1) : pathValue;
        yield key.equals("/") || request.path().equals(key)
            || request.path().startsWith(key + "/");
      }
      case REGULAR_EXPRESSION -> Pattern.matches(pathValue, request.path());
    };
    if (!path || (method != null && !method.equals(request.method()))) {
      return false;
    }
    for (ValueMatch h : headers) {
      if (!h.accepts(request.headers().get(h.name().toLowerCase(java.util.Locale.ROOT)))) {
        return false;
      }
    }
    var params = request.queryParameters();
    for (ValueMatch q : queryParams) {
      if (!q.accepts(params.get(q.name()))) {
        return false;
      }
    }
    return true;
  }

  /** {@code PathPrefix /api, GET, headers [x=1]}. */
  public String describe() {
    return pathType.gatewayName() + " " + pathValue + (method == null ? "" : ", " + method)
        + (headers.isEmpty() ? "" : ", headers " + headers)
        + (queryParams.isEmpty() ? "" : ", query " + queryParams);
  }
}
