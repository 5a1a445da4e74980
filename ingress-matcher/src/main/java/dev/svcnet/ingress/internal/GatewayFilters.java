package dev.svcnet.ingress.internal;

import dev.svcnet.ingress.GatewayOutcome;
import dev.svcnet.ingress.GatewayRouteResult;
import dev.svcnet.ingress.HttpRequest;
import dev.svcnet.ingress.HttpRouteFilter;
import dev.svcnet.ingress.HttpRouteMatch;
import dev.svcnet.ingress.WeightedBackend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a matched HTTPRoute rule's filters, then each backendRef's, to a request (Gateway API
 * {@code HTTPRouteFilter}, {@code HTTPHeaderFilter}, {@code HTTPURLRewriteFilter},
 * {@code HTTPRequestRedirectFilter}, {@code HTTPPathModifier}).
 *
 * <p>Where the spec leaves it to the implementation: the request is taken to have arrived over
 * plain HTTP, so a redirect without {@code scheme} keeps {@code http}, and the "listener port"
 * is the port of the request's Host header (80 when it has none); the query string is kept on
 * rewrites and redirects; {@code ReplacePrefixMatch} replaces the prefix of the path as the
 * client sent it (the path the match was made on).
 */
public final class GatewayFilters {

  private GatewayFilters() {}

  /** The mutable view of the request while filters run. */
  private static final class Req {
    String host;
    String path;
    final String query;
    final Map<String, String> headers;

    Req(String host, String path, String query, Map<String, String> headers) {
      this.host = host;
      this.path = path;
      this.query = query;
      this.headers = new LinkedHashMap<>(headers);
    }

    Req copy() {
      return new Req(host, path, query, headers);
    }
  }

  public static List<GatewayOutcome> apply(GatewayRouteResult.Matched matched,
      HttpRequest request) {
    HttpRouteMatch match = matched.rule().matches().get(matched.matchIndex());
    Req rule = new Req(request.host(), request.path(), request.query(), request.headers());
    for (HttpRouteFilter f : matched.rule().filters()) {
      GatewayOutcome redirect = step(rule, f, match, request);
      if (redirect != null) {
        return List.of(redirect);
      }
    }
    if (matched.rule().backends().isEmpty()) {
      return List.of(new GatewayOutcome.NoBackend());
    }
    List<GatewayOutcome> out = new ArrayList<>();
    backends:
    for (WeightedBackend backend : matched.rule().backends()) {
      Req mine = rule.copy();
      for (HttpRouteFilter f : backend.filters()) {
        GatewayOutcome redirect = step(mine, f, match, request);
        if (redirect != null) {
          out.add(redirect);
          continue backends;
        }
      }
      out.add(new GatewayOutcome.Forwarded(backend, mine.host, mine.path, mine.query,
          mine.headers));
    }
    return List.copyOf(out);
  }

  /** Runs one filter on {@code req}; returns the redirect when the filter is one. */
  private static GatewayOutcome step(Req req, HttpRouteFilter filter, HttpRouteMatch match,
      HttpRequest original) {
    if (filter instanceof HttpRouteFilter.RequestHeaderModifier m) {
      req.headers.putAll(m.set());
      m.add().forEach((name, value) -> req.headers.merge(name, value, (a, b) -> a + "," + b));
      m.remove().forEach(req.headers::remove);
    } else if (filter instanceof HttpRouteFilter.UrlRewrite r) {
      if (r.hostname() != null) {
        req.host = r.hostname();
      }
      if (r.path() != null) {
        req.path = modify(r.path(), match, original.path());
      }
    } else if (filter instanceof HttpRouteFilter.RequestRedirect r) {
      return new GatewayOutcome.Redirected(r.statusCode(), location(r, req, match, original));
    }
    // HttpRouteFilter.Reported: nothing the backend would see.
    return null;
  }

  static String location(HttpRouteFilter.RequestRedirect r, Req req, HttpRouteMatch match,
      HttpRequest original) {
    String[] hostPort = splitHostPort(req.host);
    String scheme = r.scheme() == null ? "http" : r.scheme();
    String host = r.hostname() == null ? hostPort[0] : r.hostname();
    int port;
    if (r.port() != null) {
      port = r.port();
    } else if (r.scheme() != null) {
      port = r.scheme().equals("https") ? 443 : 80;
    } else {
      port = hostPort[1].isEmpty() ? 80 : Integer.parseInt(hostPort[1]);
    }
    boolean wellKnown = (scheme.equals("http") && port == 80)
        || (scheme.equals("https") && port == 443);
    String path = r.path() == null ? req.path : modify(r.path(), match, original.path());
    return scheme + "://" + host + (wellKnown ? "" : ":" + port) + path
        + (req.query.isEmpty() ? "" : "?" + req.query);
  }

  /** {@code [host, port]}; port empty when the Host header has none. */
  static String[] splitHostPort(String host) {
    int colon = host.lastIndexOf(':');
    int bracket = host.lastIndexOf(']');
    if (colon > bracket && colon + 1 < host.length()
        && host.substring(colon + 1).chars().allMatch(Character::isDigit)) {
      return new String[] {host.substring(0, colon), host.substring(colon + 1)};
    }
    return new String[] {host, ""};
  }

  /**
   * The path after a modifier. {@code ReplacePrefixMatch}: the matched prefix (trailing
   * {@code /} ignored) is cut from the path, the replacement (one trailing {@code /} ignored)
   * put in front of the rest, and an empty result becomes {@code /} — the spec's table.
   */
  public static String modify(HttpRouteFilter.PathModifier modifier, HttpRouteMatch match,
      String path) {
    if (modifier.kind() == HttpRouteFilter.PathModifier.Kind.REPLACE_FULL_PATH) {
      return modifier.value();
    }
    if (match.pathType() != HttpRouteMatch.PathMatchType.PATH_PREFIX) {
      throw new IllegalStateException("ReplacePrefixMatch needs a PathPrefix match, got "
          + match.describe());
    }
    String prefix = stripSlash(match.pathValue());
    String rest = path.substring(prefix.length());
    String result = stripSlash(modifier.value()) + rest;
    return result.isEmpty() ? "/" : result;
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
