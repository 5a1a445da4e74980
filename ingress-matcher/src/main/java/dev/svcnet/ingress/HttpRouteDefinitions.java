package dev.svcnet.ingress;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPQueryParamMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Validates Gateway API HTTPRoutes (the path rules of {@code HTTPPathMatch}, with their CEL
 * messages, plus match types and methods) and converts them to {@link HttpRouteDefinition}s.
 */
public final class HttpRouteDefinitions {

  private HttpRouteDefinitions() {}

  private static final String WHEN = " when type one of ['Exact', 'PathPrefix']";
  private static final List<String> FORBIDDEN = List.of("//", "/./", "/../", "%2f", "%2F", "#");
  private static final Pattern ALLOWED =
      Pattern.compile("^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$");
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

  /**
   * @throws InvalidIngressException listing every invalid field (object {@code HTTPRoute ns/name})
   */
  public static HttpRouteDefinition from(HTTPRoute route) {
    var meta = route.getMetadata();
    String ns = meta.getNamespace() == null || meta.getNamespace().isEmpty() ? "default"
        : meta.getNamespace();
    String object = "HTTPRoute " + ns + "/" + meta.getName();
    List<FieldError> errors = new ArrayList<>();
    Instant created = Instant.EPOCH;
    if (meta.getCreationTimestamp() != null && !meta.getCreationTimestamp().isEmpty()) {
      try {
        created = Instant.parse(meta.getCreationTimestamp());
      } catch (DateTimeParseException e) {
        errors.add(invalid(object, "metadata.creationTimestamp", meta.getCreationTimestamp(),
            "must be an RFC 3339 timestamp"));
      }
    }
    var spec = route.getSpec();
    List<String> hostnames = spec == null || spec.getHostnames() == null ? List.of()
        : spec.getHostnames().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    List<HTTPRouteRule> specRules = spec == null || spec.getRules() == null ? List.of()
        : spec.getRules();
    List<dev.svcnet.ingress.HttpRouteRule> rules = new ArrayList<>();
    for (int i = 0; i < specRules.size(); i++) {
      HTTPRouteRule rule = specRules.get(i);
      String field = "spec.rules[" + i + "]";
      List<dev.svcnet.ingress.HttpRouteMatch> matches = new ArrayList<>();
      List<HTTPRouteMatch> specMatches = rule.getMatches() == null ? List.of()
          : rule.getMatches();
      for (int j = 0; j < specMatches.size(); j++) {
        var m = match(object, field + ".matches[" + j + "]", specMatches.get(j), errors);
        if (m != null) {
          matches.add(m);
        }
      }
      List<WeightedBackend> backends = new ArrayList<>();
      List<HTTPBackendRef> refs = rule.getBackendRefs() == null ? List.of()
          : rule.getBackendRefs();
      for (int k = 0; k < refs.size(); k++) {
        HTTPBackendRef ref = refs.get(k);
        String refField = field + ".backendRefs[" + k + "]";
        int weight = ref.getWeight() == null ? 1 : ref.getWeight();
        int port = ref.getPort() == null ? 0 : ref.getPort();
        if (weight < 0 || weight > 1_000_000) {
          errors.add(invalid(object, refField + ".weight", String.valueOf(weight),
              "must be between 0 and 1000000"));
        } else if (port < 0 || port > 65535) {
          errors.add(invalid(object, refField + ".port", String.valueOf(port),
              "must be between 1 and 65535, inclusive"));
        } else if (ref.getName() == null || ref.getName().isEmpty()) {
          errors.add(new FieldError(object, refField + ".name", FieldError.Type.REQUIRED, null,
              ""));
        } else {
          backends.add(new WeightedBackend(ref.getNamespace() == null ? ns : ref.getNamespace(),
              ref.getName(), port, weight,
              filters(object, refField + ".filters", ref.getFilters(), errors)));
        }
      }
      List<HttpRouteFilter> filters = filters(object, field + ".filters", rule.getFilters(),
          errors);
      int matchCount = specMatches.size();
      boolean onePrefix = matchCount == 0 || (matchCount == 1 && matches.size() == 1
          && matches.get(0).pathType()
              == dev.svcnet.ingress.HttpRouteMatch.PathMatchType.PATH_PREFIX);
      if (!backends.isEmpty()
          && filters.stream().anyMatch(f -> f instanceof HttpRouteFilter.RequestRedirect)) {
        errors.add(invalid(object, field, "", "RequestRedirect filter must not be used together"
            + " with backendRefs"));
      }
      if (!onePrefix && dev.svcnet.ingress.HttpRouteRule.usesPrefixReplacement(filters)) {
        errors.add(invalid(object, field, "", "When using " + prefixFilter(filters)
            + " filter with path.replacePrefixMatch, exactly one PathPrefix match must be"
            + " specified"));
      }
      if (!onePrefix && backends.stream().anyMatch(b ->
          dev.svcnet.ingress.HttpRouteRule.usesPrefixReplacement(b.filters()))) {
        errors.add(invalid(object, field, "", "Within backendRefs, when using a filter with"
            + " path.replacePrefixMatch, exactly one PathPrefix match must be specified"));
      }
      if (errors.isEmpty()) {
        rules.add(new dev.svcnet.ingress.HttpRouteRule(i, matches, backends, filters));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidIngressException(errors);
    }
    return new HttpRouteDefinition(ns, meta.getName(), created, hostnames, rules);
  }

  private static final Set<String> FILTER_TYPES = Set.of("RequestHeaderModifier",
      "ResponseHeaderModifier", "RequestMirror", "RequestRedirect", "URLRewrite", "ExtensionRef",
      "CORS", "ExternalAuth");

  private static String prefixFilter(List<HttpRouteFilter> filters) {
    return filters.stream().anyMatch(f -> f instanceof HttpRouteFilter.UrlRewrite u
        && u.path() != null) ? "URLRewrite" : "RequestRedirect";
  }

  /** The filters of a rule or backendRef, with the API's rules for them checked. */
  private static List<HttpRouteFilter> filters(String object, String field,
      List<HTTPRouteFilter> specFilters, List<FieldError> errors) {
    List<HttpRouteFilter> out = new ArrayList<>();
    if (specFilters == null) {
      return out;
    }
    java.util.Map<String, Integer> seen = new java.util.HashMap<>();
    for (int i = 0; i < specFilters.size(); i++) {
      HTTPRouteFilter f = specFilters.get(i);
      String at = field + "[" + i + "]";
      String type = f.getType();
      if (type == null || type.isEmpty()) {
        errors.add(new FieldError(object, at + ".type", FieldError.Type.REQUIRED, null, ""));
        continue;
      }
      if (!FILTER_TYPES.contains(type)) {
        errors.add(new FieldError(object, at + ".type", FieldError.Type.UNSUPPORTED, type,
            "supported values: " + new java.util.TreeSet<>(FILTER_TYPES)));
        continue;
      }
      if (seen.merge(type, 1, Integer::sum) > 1 && !type.equals("RequestMirror")
          && !type.equals("ExtensionRef")) {
        errors.add(invalid(object, field, type, type + " filter cannot be repeated"));
      }
      switch (type) {
        case "RequestHeaderModifier" -> {
          if (f.getRequestHeaderModifier() == null) {
            errors.add(invalid(object, at, type, "filter.requestHeaderModifier must be specified"
                + " for RequestHeaderModifier filter.type"));
          } else {
            out.add(headerModifier(object, at + ".requestHeaderModifier",
                f.getRequestHeaderModifier(), errors));
          }
        }
        case "URLRewrite" -> {
          var u = f.getUrlRewrite();
          if (u == null) {
            errors.add(invalid(object, at, type,
                "filter.urlRewrite must be specified for URLRewrite filter.type"));
          } else {
            hostname(object, at + ".urlRewrite.hostname", u.getHostname(), errors);
            out.add(new HttpRouteFilter.UrlRewrite(u.getHostname(),
                pathModifier(object, at + ".urlRewrite.path", u.getPath(), errors)));
          }
        }
        case "RequestRedirect" -> {
          var r = f.getRequestRedirect();
          if (r == null) {
            errors.add(invalid(object, at, type,
                "filter.requestRedirect must be specified for RequestRedirect filter.type"));
            continue;
          }
          String rf = at + ".requestRedirect";
          int before = errors.size();
          if (r.getScheme() != null && !Set.of("http", "https").contains(r.getScheme())) {
            errors.add(new FieldError(object, rf + ".scheme", FieldError.Type.UNSUPPORTED,
                r.getScheme(), "supported values: \"http\", \"https\""));
          }
          int code = r.getStatusCode() == null ? 302 : r.getStatusCode();
          if (!Set.of(301, 302, 303, 307, 308).contains(code)) {
            errors.add(new FieldError(object, rf + ".statusCode", FieldError.Type.UNSUPPORTED,
                String.valueOf(code), "supported values: 301, 302, 303, 307, 308"));
          }
          if (r.getPort() != null && (r.getPort() < 1 || r.getPort() > 65535)) {
            errors.add(invalid(object, rf + ".port", String.valueOf(r.getPort()),
                "must be between 1 and 65535, inclusive"));
          }
          hostname(object, rf + ".hostname", r.getHostname(), errors);
          HttpRouteFilter.PathModifier path = pathModifier(object, rf + ".path", r.getPath(),
              errors);
          if (errors.size() == before) {
            out.add(new HttpRouteFilter.RequestRedirect(r.getScheme(), r.getHostname(), path,
                r.getPort(), code));
          }
        }
        default -> out.add(new HttpRouteFilter.Reported(type));
      }
    }
    if (seen.containsKey("URLRewrite") && seen.containsKey("RequestRedirect")) {
      errors.add(invalid(object, field, "", "May specify either httpRouteFilterRequestRedirect"
          + " or httpRouteFilterRequestRewrite, but not both"));
    }
    return out;
  }

  private static HttpRouteFilter.RequestHeaderModifier headerModifier(String object,
      String field, io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderFilter h,
      List<FieldError> errors) {
    java.util.Set<String> names = new java.util.HashSet<>();
    java.util.Map<String, String> set = new java.util.LinkedHashMap<>();
    java.util.Map<String, String> add = new java.util.LinkedHashMap<>();
    List<String> remove = new ArrayList<>();
    for (String action : List.of("set", "add")) {
      var headers = action.equals("set") ? h.getSet() : h.getAdd();
      for (int i = 0; headers != null && i < headers.size(); i++) {
        var header = headers.get(i);
        String at = field + "." + action + "[" + i + "]";
        if (header.getName() == null || header.getName().isEmpty()) {
          errors.add(new FieldError(object, at + ".name", FieldError.Type.REQUIRED, null, ""));
        } else if (header.getValue() == null || header.getValue().isEmpty()) {
          errors.add(new FieldError(object, at + ".value", FieldError.Type.REQUIRED, null, ""));
        } else if (!names.add(header.getName().toLowerCase(Locale.ROOT))) {
          errors.add(invalid(object, at + ".name", header.getName(),
              "only one action for a given header name is permitted"));
        } else {
          (action.equals("set") ? set : add).put(header.getName(), header.getValue());
        }
      }
    }
    List<String> removed = h.getRemove() == null ? List.of() : h.getRemove();
    for (int i = 0; i < removed.size(); i++) {
      if (!names.add(removed.get(i).toLowerCase(Locale.ROOT))) {
        errors.add(invalid(object, field + ".remove[" + i + "]", removed.get(i),
            "only one action for a given header name is permitted"));
      } else {
        remove.add(removed.get(i));
      }
    }
    return new HttpRouteFilter.RequestHeaderModifier(set, add, remove);
  }

  private static HttpRouteFilter.PathModifier pathModifier(String object, String field,
      io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathModifier p,
      List<FieldError> errors) {
    if (p == null) {
      return null;
    }
    String type = p.getType();
    if ("ReplaceFullPath".equals(type) && p.getReplaceFullPath() != null
        && p.getReplacePrefixMatch() == null) {
      return new HttpRouteFilter.PathModifier(
          HttpRouteFilter.PathModifier.Kind.REPLACE_FULL_PATH, p.getReplaceFullPath());
    }
    if ("ReplacePrefixMatch".equals(type) && p.getReplacePrefixMatch() != null
        && p.getReplaceFullPath() == null) {
      return new HttpRouteFilter.PathModifier(
          HttpRouteFilter.PathModifier.Kind.REPLACE_PREFIX_MATCH, p.getReplacePrefixMatch());
    }
    if (!"ReplaceFullPath".equals(type) && !"ReplacePrefixMatch".equals(type)) {
      errors.add(new FieldError(object, field + ".type", FieldError.Type.UNSUPPORTED, type,
          "supported values: \"ReplaceFullPath\", \"ReplacePrefixMatch\""));
    } else if ("ReplaceFullPath".equals(type)) {
      errors.add(invalid(object, field, type, p.getReplaceFullPath() == null
          ? "replaceFullPath must be specified when type is set to 'ReplaceFullPath'"
          : "type must be 'ReplacePrefixMatch' when replacePrefixMatch is set"));
    } else {
      errors.add(invalid(object, field, type, p.getReplacePrefixMatch() == null
          ? "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'"
          : "type must be 'ReplaceFullPath' when replaceFullPath is set"));
    }
    return null;
  }

  private static void hostname(String object, String field, String hostname,
      List<FieldError> errors) {
    if (hostname != null && !hostname.matches(
        "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")) {
      errors.add(invalid(object, field, hostname, "must be a precise hostname (lower-case"
          + " RFC 1123, no wildcard)"));
    }
  }

  private static dev.svcnet.ingress.HttpRouteMatch match(String object, String field,
      HTTPRouteMatch m, List<FieldError> errors) {
    int before = errors.size();
    var type = dev.svcnet.ingress.HttpRouteMatch.PathMatchType.PATH_PREFIX;
    String value = "/";
    if (m.getPath() != null) {
      String typeName = m.getPath().getType() == null ? "PathPrefix" : m.getPath().getType();
      value = m.getPath().getValue() == null ? "/" : m.getPath().getValue();
      type = switch (typeName) {
        case "Exact" -> dev.svcnet.ingress.HttpRouteMatch.PathMatchType.EXACT;
        case "PathPrefix" -> dev.svcnet.ingress.HttpRouteMatch.PathMatchType.PATH_PREFIX;
        case "RegularExpression" ->
            dev.svcnet.ingress.HttpRouteMatch.PathMatchType.REGULAR_EXPRESSION;
        default -> {
          errors.add(invalid(object, field + ".path.type", typeName,
              "type must be one of ['Exact', 'PathPrefix', 'RegularExpression']"));
          yield null;
        }
      };
      if (type == dev.svcnet.ingress.HttpRouteMatch.PathMatchType.REGULAR_EXPRESSION) {
        regex(object, field + ".path.value", value, errors);
      } else if (type != null) {
        pathValue(object, field + ".path.value", value, errors);
      }
    }
    if (m.getMethod() != null && !METHODS.contains(m.getMethod())) {
      errors.add(new FieldError(object, field + ".method", FieldError.Type.UNSUPPORTED,
          m.getMethod(), "supported values: \"CONNECT\", \"DELETE\", \"GET\", \"HEAD\","
              + " \"OPTIONS\", \"PATCH\", \"POST\", \"PUT\", \"TRACE\""));
    }
    List<ValueMatch> headers = new ArrayList<>();
    List<HTTPHeaderMatch> specHeaders = m.getHeaders() == null ? List.of() : m.getHeaders();
    for (int k = 0; k < specHeaders.size(); k++) {
      HTTPHeaderMatch h = specHeaders.get(k);
      ValueMatch v = value(object, field + ".headers[" + k + "]", h.getName(), h.getType(),
          h.getValue(), errors);
      if (v != null) {
        headers.add(v);
      }
    }
    List<ValueMatch> query = new ArrayList<>();
    List<HTTPQueryParamMatch> specQuery = m.getQueryParams() == null ? List.of()
        : m.getQueryParams();
    for (int k = 0; k < specQuery.size(); k++) {
      HTTPQueryParamMatch q = specQuery.get(k);
      ValueMatch v = value(object, field + ".queryParams[" + k + "]", q.getName(), q.getType(),
          q.getValue(), errors);
      if (v != null) {
        query.add(v);
      }
    }
    if (errors.size() > before) {
      return null;
    }
    return new dev.svcnet.ingress.HttpRouteMatch(type, value, headers, query, m.getMethod());
  }

  private static ValueMatch value(String object, String field, String name, String type,
      String value, List<FieldError> errors) {
    int before = errors.size();
    if (name == null || name.isEmpty()) {
      errors.add(new FieldError(object, field + ".name", FieldError.Type.REQUIRED, null, ""));
    }
    if (value == null) {
      errors.add(new FieldError(object, field + ".value", FieldError.Type.REQUIRED, null, ""));
    }
    String t = type == null ? "Exact" : type;
    if (!t.equals("Exact") && !t.equals("RegularExpression")) {
      errors.add(new FieldError(object, field + ".type", FieldError.Type.UNSUPPORTED, t,
          "supported values: \"Exact\", \"RegularExpression\""));
    } else if (t.equals("RegularExpression") && value != null) {
      regex(object, field + ".value", value, errors);
    }
    return errors.size() > before ? null : new ValueMatch(name, t.equals("RegularExpression"),
        value);
  }

  private static void pathValue(String object, String field, String value,
      List<FieldError> errors) {
    if (!value.startsWith("/")) {
      errors.add(invalid(object, field, value,
          "value must be an absolute path and start with '/'" + WHEN));
    }
    for (String s : FORBIDDEN) {
      if (value.contains(s)) {
        errors.add(invalid(object, field, value, "must not contain '" + s + "'" + WHEN));
      }
    }
    for (String s : List.of("/..", "/.")) {
      if (value.endsWith(s)) {
        errors.add(invalid(object, field, value, "must not end with '" + s + "'" + WHEN));
      }
    }
    if (!ALLOWED.matches(value)) {
      errors.add(invalid(object, field, value, "must only contain valid characters (matching"
          + " ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$)" + WHEN));
    }
  }

  private static void regex(String object, String field, String value,
      List<FieldError> errors) {
    try {
      Pattern.compile(value);
    } catch (PatternSyntaxException e) {
      errors.add(invalid(object, field, value, "not an RE2 regular expression: "
          + e.getMessage()));
    }
  }

  private static FieldError invalid(String object, String field, String value, String detail) {
    return new FieldError(object, field, FieldError.Type.INVALID, value, detail);
  }
}
