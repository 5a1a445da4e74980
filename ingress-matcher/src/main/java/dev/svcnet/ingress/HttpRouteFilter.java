package dev.svcnet.ingress;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A Gateway API {@code HTTPRouteFilter}, on a rule or on one backendRef. The three filters that
 * change where a request goes or what the backend sees are applied
 * ({@link GatewayRouteResult.Matched#apply}); the others are only reported.
 */
public sealed interface HttpRouteFilter
    permits HttpRouteFilter.RequestHeaderModifier, HttpRouteFilter.UrlRewrite,
        HttpRouteFilter.RequestRedirect, HttpRouteFilter.Reported {

  /** The filter type as written in a manifest, e.g. {@code URLRewrite}. */
  String type();

  /**
   * {@code RequestHeaderModifier}: {@code set} overwrites, {@code add} appends to an existing
   * value with a comma, {@code remove} deletes; header names are case-insensitive and stored in
   * lower case. The API allows one action per header name, so the order does not matter.
   */
  record RequestHeaderModifier(Map<String, String> set, Map<String, String> add,
      List<String> remove) implements HttpRouteFilter {
    public RequestHeaderModifier {
      set = lower(set);
      add = lower(add);
      remove = remove.stream().map(n -> n.toLowerCase(Locale.ROOT)).distinct().toList();
    }

    private static Map<String, String> lower(Map<String, String> headers) {
      Map<String, String> out = new LinkedHashMap<>();
      headers.forEach((k, v) -> out.putIfAbsent(k.toLowerCase(Locale.ROOT),
          Objects.requireNonNull(v, "header value")));
      return java.util.Collections.unmodifiableMap(out);
    }

    @Override
    public String type() {
      return "RequestHeaderModifier";
    }
  }

  /** {@code ReplaceFullPath} or {@code ReplacePrefixMatch} with its value. */
  record PathModifier(Kind kind, String value) {
    /** Gateway API path modifier types. */
    public enum Kind { REPLACE_FULL_PATH, REPLACE_PREFIX_MATCH }

    public PathModifier {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * {@code URLRewrite}: the Host and path the backend sees.
   *
   * @param hostname the new Host, or null to keep the request's
   * @param path the path change, or null to keep the request's path
   */
  record UrlRewrite(String hostname, PathModifier path) implements HttpRouteFilter {
    @Override
    public String type() {
      return "URLRewrite";
    }
  }

  /**
   * {@code RequestRedirect}: the gateway answers with a redirect instead of forwarding.
   *
   * @param scheme {@code http}, {@code https}, or null for the request's scheme
   * @param hostname the Location host, or null for the request's Host
   * @param path the path change, or null for the request's path
   * @param port the Location port, or null to derive it as the spec says
   * @param statusCode 301, 302 (the default), 303, 307 or 308
   */
  record RequestRedirect(String scheme, String hostname, PathModifier path, Integer port,
      int statusCode) implements HttpRouteFilter {
    private static final Set<Integer> CODES = Set.of(301, 302, 303, 307, 308);

    public RequestRedirect {
      if (scheme != null && !scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException("scheme must be http or https, got " + scheme);
      }
      if (!CODES.contains(statusCode)) {
        throw new IllegalArgumentException("statusCode must be 301, 302, 303, 307 or 308, got "
            + statusCode);
      }
      if (port != null && (port < 1 || port > 65535)) {
        throw new IllegalArgumentException("port must be 1..65535, got " + port);
      }
    }

    @Override
    public String type() {
      return "RequestRedirect";
    }
  }

  /**
   * A filter svcnet reports but does not apply (ResponseHeaderModifier, RequestMirror, CORS,
   * ExternalAuth, ExtensionRef): none of them changes which backend answers or what it receives.
   */
  record Reported(String type) implements HttpRouteFilter {
    public Reported {
      Objects.requireNonNull(type, "type");
    }
  }
}
