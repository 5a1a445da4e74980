package dev.svcnet.ingress.internal;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.svcnet.ingress.RouteResult;

/** What answering from a chosen location means. */
final class NginxResults {

  private NginxResults() {}

  /** The 400 reason for a Host containing {@code ..} (nginx's host validation). */
  static final String HOST_DOTS = "'..' in the Host";

  /**
   * The URI nginx answers with a 301 to URI + {@code /} because of {@code l}: a static
   * ({@code =} or prefix) location whose name ends in {@code /} (longer than {@code /}), all of
   * which proxy in ingress-nginx; null for other locations.
   */
  static String slashRedirectFrom(NginxLocation l) {
    if (l.kind() == NginxLocation.Kind.REGEX || l.path().length() < 2
        || !l.path().endsWith("/")) {
      return null;
    }
    return l.path().substring(0, l.path().length() - 1);
  }

  /** nginx's 301: the normalized URI with {@code /} appended, and the query. */
  static RouteResult slashRedirect(String uri, String query) {
    return new RouteResult.Redirect(301, uri + "/" + (query.isEmpty() ? "" : "?" + query));
  }

  /**
   * The result of serving {@code rawPath} (normalized: {@code uri}) from {@code location}: the
   * backend sees the raw path (proxy_pass without a URI part), or the rewritten URI.
   */
  static RouteResult from(NginxLocation location, String rawPath, String uri) {
    if (location.rule() == null) {
      return location.backend() == null ? new RouteResult.NotFound()
          : new RouteResult.DefaultBackendMatch(location.backend(), location.defaultFrom(),
              rawPath);
    }
    String forwarded = rawPath;
    if (location.rewriteRegex() != null) {
      forwarded = rewrite(location.rewriteRegex(), location.rewriteTarget(), uri);
    }
    return new RouteResult.RuleMatch(location.rule(), forwarded);
  }

  /**
   * nginx {@code rewrite "(?i)regex" target}: if the regex matches anywhere in the URI, the
   * whole URI becomes the target with {@code $n} replaced by capture n (empty if absent).
   */
  static String rewrite(String regex, String target, String uri) {
    Matcher m = Pattern.compile("(?i)" + regex).matcher(uri);
    if (!m.find()) {
      return uri;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c == '$' && i + 1 < target.length() && Character.isDigit(target.charAt(i + 1))) {
        int n = target.charAt(++i) - '0';
        if (n <= m.groupCount() && m.group(n) != null) {
          out.append(m.group(n));
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
