package dev.svcnet.ingress.internal;

import dev.svcnet.ingress.Candidate;
import dev.svcnet.ingress.GatewayRouteResult;
import dev.svcnet.ingress.HttpRequest;
import dev.svcnet.ingress.HttpRouteDefinition;
import dev.svcnet.ingress.HttpRouteMatch;
import dev.svcnet.ingress.HttpRouteRouter;
import dev.svcnet.ingress.HttpRouteRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Gateway API HTTPRoute routing: candidates sorted by the spec's precedence, first match wins. */
public final class GatewayPrecedenceRouter implements HttpRouteRouter {

  /** A route attached to the listener, with the hostnames that intersect it. */
  record Attached(HttpRouteDefinition route, List<String> hostnames) {}

  /** One match of one rule of an attached route, reached through {@code hostname}. */
  record Entry(Attached attached, String hostname, HttpRouteRule rule, int matchIndex,
      HttpRouteMatch match) {

    int exactHostLength() {
      return hostname.isEmpty() || HostNames.isWildcard(hostname) ? 0 : hostname.length();
    }

    int pathRank() {
      return switch (match.pathType()) {
        case EXACT -> 2;
        case PATH_PREFIX -> 1;
        case REGULAR_EXPRESSION -> 0;
      };
    }

    String describe() {
      return "HTTPRoute " + attached.route().ref() + " spec.rules[" + rule.index() + "].matches["
          + matchIndex + "] (" + (hostname.isEmpty() ? "any host" : "host " + hostname) + ", "
          + match.describe() + ")";
    }
  }

  /** The order within one hostname tier: path kind and length, method, headers, query, age. */
  static final Comparator<Entry> WITHIN_HOST =
      Comparator.comparingInt(Entry::pathRank).reversed()
          .thenComparing(Comparator.comparingInt((Entry e) -> e.match().pathValue().length())
              .reversed())
          .thenComparing(Comparator.comparingInt((Entry e) -> e.match().method() == null ? 0 : 1)
              .reversed())
          .thenComparing(Comparator.comparingInt((Entry e) -> e.match().headers().size())
              .reversed())
          .thenComparing(Comparator.comparingInt((Entry e) -> e.match().queryParams().size())
              .reversed())
          .thenComparing(e -> e.attached().route(), HttpRouteDefinition.OLDEST_FIRST)
          .thenComparingInt(e -> e.rule().index())
          .thenComparingInt(Entry::matchIndex);

  /** Hostname specificity first (exact characters, then any characters), then WITHIN_HOST. */
  private static final Comparator<Entry> PRECEDENCE =
      Comparator.comparingInt(Entry::exactHostLength).reversed()
          .thenComparing(Comparator.comparingInt((Entry e) -> e.hostname().length()).reversed())
          .thenComparing(WITHIN_HOST);

  private final String listener;
  private final List<Attached> attached;
  private final List<String> detached;

  public GatewayPrecedenceRouter(List<HttpRouteDefinition> routes, String listenerHostname) {
    this.listener = listenerHostname == null || listenerHostname.isEmpty() ? null
        : listenerHostname.toLowerCase(java.util.Locale.ROOT);
    List<Attached> kept = new ArrayList<>();
    List<String> notKept = new ArrayList<>();
    for (HttpRouteDefinition route : routes) {
      if (route.hostnames().isEmpty() || listener == null) {
        kept.add(new Attached(route, route.hostnames()));
        continue;
      }
      List<String> intersecting = route.hostnames().stream()
          .filter(h -> intersects(h, listener)).toList();
      if (intersecting.isEmpty()) {
        notKept.add("HTTPRoute " + route.ref() + ": no hostname intersects listener hostname "
            + listener + " (not Accepted)");
      } else {
        kept.add(new Attached(route, intersecting));
      }
    }
    this.attached = List.copyOf(kept);
    this.detached = List.copyOf(notKept);
  }

  /** Gateway API hostname match: exact, or {@code *.s} matching any number of labels. */
  static boolean hostMatches(String pattern, String host) {
    if (HostNames.isWildcard(pattern)) {
      return host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1;
    }
    return pattern.equals(host);
  }

  static boolean intersects(String a, String b) {
    return hostMatches(a, b) || hostMatches(b, a)
        || (HostNames.isWildcard(a) && HostNames.isWildcard(b)
            && (a.endsWith(b.substring(1)) || b.endsWith(a.substring(1))));
  }

  /** The listener's hostname (lower case), or null. */
  String listener() {
    return listener;
  }

  /** The attached routes. */
  List<Attached> attached() {
    return attached;
  }

  /**
   * The hostname through which a route takes {@code host}: {@code ""} for a route without
   * hostnames, else its exact hostname, else its longest matching wildcard; null if none.
   */
  static String bestHostname(List<String> hostnames, String host) {
    if (hostnames.isEmpty()) {
      return "";
    }
    String best = null;
    for (String h : hostnames) {
      if (hostMatches(h, host) && (best == null || better(h, best))) {
        best = h;
      }
    }
    return best;
  }

  private List<Entry> candidates(String host) {
    List<Entry> entries = new ArrayList<>();
    for (Attached a : attached) {
      String best = bestHostname(a.hostnames(), host);
      if (best == null) {
        continue;
      }
      for (HttpRouteRule rule : a.route().rules()) {
        for (int m = 0; m < rule.matches().size(); m++) {
          entries.add(new Entry(a, best, rule, m, rule.matches().get(m)));
        }
      }
    }
    entries.sort(PRECEDENCE);
    return entries;
  }

  private static boolean better(String h, String than) {
    boolean hExact = !HostNames.isWildcard(h);
    boolean tExact = !HostNames.isWildcard(than);
    if (hExact != tExact) {
      return hExact;
    }
    return h.length() > than.length();
  }

  @Override
  public GatewayRouteResult route(HttpRequest request) {
    String host = HostNames.normalizeRequestHost(request.host());
    if (listener != null && !hostMatches(listener, host)) {
      return new GatewayRouteResult.NotFound();
    }
    for (Entry e : candidates(host)) {
      if (e.match().accepts(request)) {
        return new GatewayRouteResult.Matched(e.attached().route(), e.rule(), e.matchIndex(),
            e.hostname());
      }
    }
    return new GatewayRouteResult.NotFound();
  }

  @Override
  public List<Candidate> explain(HttpRequest request) {
    String host = HostNames.normalizeRequestHost(request.host());
    List<Candidate> out = new ArrayList<>();
    for (String d : detached) {
      out.add(new Candidate(d, false, "route not attached"));
    }
    if (listener != null && !hostMatches(listener, host)) {
      out.add(new Candidate("listener " + listener, false, "request host '" + host
          + "' does not match the listener: 404"));
      return out;
    }
    boolean chosen = false;
    for (Entry e : candidates(host)) {
      if (chosen) {
        out.add(new Candidate(e.describe(), false, "lower precedence than the selected match"));
      } else if (e.match().accepts(request)) {
        chosen = true;
        out.add(new Candidate(e.describe(), true, "selected: highest-precedence match that"
            + " holds"));
      } else {
        out.add(new Candidate(e.describe(), false, "does not hold for the request"));
      }
    }
    for (Attached a : attached) {
      if (!a.hostnames().isEmpty()
          && a.hostnames().stream().noneMatch(h -> hostMatches(h, host))) {
        out.add(new Candidate("HTTPRoute " + a.route().ref(), false, "no hostname of "
            + a.hostnames() + " matches '" + host + "'"));
      }
    }
    return out;
  }
}
