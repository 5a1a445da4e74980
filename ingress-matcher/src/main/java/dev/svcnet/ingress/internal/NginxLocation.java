package dev.svcnet.ingress.internal;

import dev.svcnet.ingress.Backend;
import dev.svcnet.ingress.IngressRef;
import dev.svcnet.ingress.PathRule;
import java.util.Objects;

/**
 * One nginx {@code location} as ingress-nginx would generate it.
 *
 * @param kind {@code =}, plain prefix, or {@code ~*}
 * @param path the location's path (for a regex, without the {@code ^} that is prepended)
 * @param rule the Ingress path that produced it; null for the server's default root location
 * @param backend who answers; null means the controller's default backend (404)
 * @param defaultFrom for a default root location, the Ingress whose defaultBackend it is
 * @param rewriteRegex the Ingress path used as {@code rewrite} regex, or null for no rewrite
 * @param rewriteTarget the {@code rewrite-target}, or null
 */
public record NginxLocation(
    Kind kind, String path, PathRule rule, Backend backend, IngressRef defaultFrom,
    String rewriteRegex, String rewriteTarget) {

  /** Location modifiers used by ingress-nginx. */
  public enum Kind {
    EXACT("= "), PREFIX(""), REGEX("~* ");

    final String modifier;

    Kind(String modifier) {
      this.modifier = modifier;
    }
  }

  public NginxLocation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(path, "path");
    if ((rewriteRegex == null) != (rewriteTarget == null)) {
      throw new IllegalArgumentException("rewrite needs both regex and target");
    }
  }

  /** The regex nginx evaluates for a {@link Kind#REGEX} location. */
  public String anchoredRegex() {
    return "^" + path;
  }

  /** {@code = "/foo"}, {@code "/foo/"} or {@code ~* "^/foo"}. */
  public String header() {
    String text = kind == Kind.REGEX ? anchoredRegex() : path;
    return kind.modifier + NginxConfWriter.quote(text);
  }

  /** {@code location = "/foo" (default/web spec.rules[0].http.paths[0] ...)}. */
  public String describe() {
    String source = rule != null ? rule.describe()
        : defaultFrom != null ? "defaultBackend of " + defaultFrom : "controller default backend";
    return "location " + header() + " <- " + source;
  }
}
