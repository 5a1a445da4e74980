package dev.svcnet.ingress.internal;

import dev.svcnet.ingress.Candidate;
import dev.svcnet.ingress.GatewayRouteResult;
import dev.svcnet.ingress.HttpRequest;
import dev.svcnet.ingress.HttpRouteDefinition;
import dev.svcnet.ingress.HttpRouteMatch;
import dev.svcnet.ingress.HttpRouteRouter;
import dev.svcnet.ingress.HttpRouteRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTPRoute routing with indexes: matches are grouped by the hostname they are reached through
 * (one hash lookup for the exact host, one per suffix of the host for wildcards, then routes
 * without hostnames); within a group, Exact paths by hash, PathPrefix values by hash at each
 * {@code /} boundary of the request path (longest first), then regex matches in precedence
 * order. Only matches whose path already fits are checked for method, headers and query.
 */
public final class GatewayCompiledRouter implements HttpRouteRouter {

  /** The matches reached through one hostname, indexed by path. */
  private static final class Tier {
    final Map<String, List<GatewayPrecedenceRouter.Entry>> exact = new HashMap<>();
    final Map<String, List<GatewayPrecedenceRouter.Entry>> prefix = new HashMap<>();
    final List<GatewayPrecedenceRouter.Entry> regex = new ArrayList<>();

    void add(GatewayPrecedenceRouter.Entry e) {
      String value = e.match().pathValue();
      switch (e.match().pathType()) {
        case EXACT -> exact.computeIfAbsent(value, k -> new ArrayList<>()).add(e);
        case PATH_PREFIX -> prefix.computeIfAbsent(SpecPaths.prefixKey(value),
            k -> new ArrayList<>()).add(e);
        case REGULAR_EXPRESSION -> regex.add(e);
      }
    }

    void freeze() {
      exact.values().forEach(l -> l.sort(GatewayPrecedenceRouter.WITHIN_HOST));
      prefix.values().forEach(l -> l.sort(GatewayPrecedenceRouter.WITHIN_HOST));
      regex.sort(GatewayPrecedenceRouter.WITHIN_HOST);
    }

    GatewayPrecedenceRouter.Entry find(HttpRequest request) {
      String path = request.path();
      GatewayPrecedenceRouter.Entry hit = first(exact.get(path), request);
      if (hit != null) {
        return hit;
      }
      hit = first(prefix.get(path), request);
      for (int i = path.length() - 1; hit == null && i >= 0; i--) {
        if (path.charAt(i) == '/') {
          hit = first(prefix.get(path.substring(0, i)), request);
        }
      }
      return hit != null ? hit : first(regex, request);
    }

    /**
     * The first entry that holds. A route reachable through a better hostname also sits in
     * this tier, but its entries were already checked (and failed) in that better tier, and
     * match predicates do not depend on the host, so they cannot win here either.
     */
    private static GatewayPrecedenceRouter.Entry first(List<GatewayPrecedenceRouter.Entry> list,
        HttpRequest request) {
      if (list == null) {
        return null;
      }
      for (GatewayPrecedenceRouter.Entry e : list) {
        if (e.match().accepts(request)) {
          return e;
        }
      }
      return null;
    }
  }

  private final GatewayPrecedenceRouter explainer;
  private final Map<String, Tier> tiers = new HashMap<>();

  public GatewayCompiledRouter(List<HttpRouteDefinition> routes, String listenerHostname) {
    this.explainer = new GatewayPrecedenceRouter(routes, listenerHostname);
    for (GatewayPrecedenceRouter.Attached a : explainer.attached()) {
      List<String> names = a.hostnames().isEmpty() ? List.of("") : a.hostnames();
      for (String name : names) {
        Tier tier = tiers.computeIfAbsent(name, k -> new Tier());
        for (HttpRouteRule rule : a.route().rules()) {
          for (int m = 0; m < rule.matches().size(); m++) {
            HttpRouteMatch match = rule.matches().get(m);
            tier.add(new GatewayPrecedenceRouter.Entry(a, name, rule, m, match));
          }
        }
      }
    }
    tiers.values().forEach(Tier::freeze);
  }

  @Override
  public GatewayRouteResult route(HttpRequest request) {
    String host = HostNames.normalizeRequestHost(request.host());
    String listener = explainer.listener();
    if (listener != null && !GatewayPrecedenceRouter.hostMatches(listener, host)) {
      return new GatewayRouteResult.NotFound();
    }
    GatewayPrecedenceRouter.Entry hit = null;
    Tier exactTier = tiers.get(host);
    if (exactTier != null && !host.isEmpty()) {
      hit = exactTier.find(request);
    }
    for (int dot = host.indexOf('.'); hit == null && dot >= 0; dot = host.indexOf('.', dot + 1)) {
      String wildcard = "*" + host.substring(dot);
      Tier tier = dot > 0 ? tiers.get(wildcard) : null;
      if (tier != null) {
        hit = tier.find(request);
      }
    }
    Tier any = tiers.get("");
    if (hit == null && any != null) {
      hit = any.find(request);
    }
    return hit == null ? new GatewayRouteResult.NotFound()
        : new GatewayRouteResult.Matched(hit.attached().route(), hit.rule(), hit.matchIndex(),
            hit.hostname());
  }

  @Override
  public List<Candidate> explain(HttpRequest request) {
    return explainer.explain(request);
  }
}
