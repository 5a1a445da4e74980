package dev.svcnet.ingress.internal;

import dev.svcnet.ingress.Backend;
import dev.svcnet.ingress.Explanation;
import dev.svcnet.ingress.HttpRequest;
import dev.svcnet.ingress.IngressDefinition;
import dev.svcnet.ingress.IngressRef;
import dev.svcnet.ingress.PathRule;
import dev.svcnet.ingress.PathType;
import dev.svcnet.ingress.RequestRouter;
import dev.svcnet.ingress.RouteResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Spec-mode routing with lookups that do not depend on the number of rules: one hash lookup for
 * the exact host, one for the wildcard suffix; per host one hash lookup for Exact paths and one
 * per {@code /} boundary of the request path for Prefix paths (longest boundary first).
 */
public final class SpecCompiledRouter implements RequestRouter {

  /** The rules of one host key, indexed. */
  private record HostTable(
      Map<String, PathRule> exact, Map<String, PathRule> prefix, RouteResultFactory fallback) {

    PathRule lookup(String path) {
      PathRule best = exact.get(path);
      PathRule prefixHit = prefix.get(path);
      for (int i = path.length() - 1; prefixHit == null && i >= 0; i--) {
        if (path.charAt(i) == '/') {
          prefixHit = prefix.get(path.substring(0, i));
        }
      }
      if (prefixHit != null && (best == null || SpecPaths.PRECEDENCE.compare(prefixHit, best) < 0)) {
        best = prefixHit;
      }
      return best;
    }
  }

  /** A fallback decided at compile time. */
  private record RouteResultFactory(Backend backend, IngressRef from) {
    RouteResult at(String path) {
      return backend == null ? new RouteResult.NotFound()
          : new RouteResult.DefaultBackendMatch(backend, from, path);
    }
  }

  private final Map<String, HostTable> exactHosts;
  private final Map<String, HostTable> wildcardSuffixes;
  private final HostTable hostless;
  private final RouteResultFactory globalFallback;
  private final SpecReferenceRouter explainer;

  public SpecCompiledRouter(List<IngressDefinition> definitions) {
    List<IngressDefinition> sorted = new ArrayList<>(definitions);
    sorted.sort(Comparator.comparing(IngressDefinition::ref, IngressRef.OLDEST_FIRST));
    RouteResultFactory global = new RouteResultFactory(null, null);
    for (IngressDefinition d : sorted) {
      if (d.defaultBackend().isPresent()) {
        global = new RouteResultFactory(d.defaultBackend().get(), d.ref());
        break;
      }
    }
    this.globalFallback = global;
    Map<String, Map<String, PathRule>> exact = new HashMap<>();
    Map<String, Map<String, PathRule>> prefix = new HashMap<>();
    Map<String, RouteResultFactory> fallbacks = new HashMap<>();
    for (IngressDefinition d : sorted) {
      for (String host : d.hosts()) {
        exact.computeIfAbsent(host, h -> new HashMap<>());
        prefix.computeIfAbsent(host, h -> new HashMap<>());
        if (d.defaultBackend().isPresent()) {
          fallbacks.putIfAbsent(host, new RouteResultFactory(d.defaultBackend().get(), d.ref()));
        }
      }
      for (PathRule rule : d.rules()) {
        Map<String, PathRule> index = rule.pathType() == PathType.EXACT
            ? exact.get(rule.host()) : prefix.get(rule.host());
        String key = rule.pathType() == PathType.EXACT
            ? rule.effectivePath() : SpecPaths.prefixKey(rule.effectivePath());
        index.merge(key, rule, (a, b) -> SpecPaths.PRECEDENCE.compare(a, b) <= 0 ? a : b);
      }
    }
    Map<String, HostTable> exactHosts = new HashMap<>();
    Map<String, HostTable> wildcards = new HashMap<>();
    HostTable hostless = null;
    for (String host : exact.keySet()) {
      HostTable table = new HostTable(Map.copyOf(exact.get(host)), Map.copyOf(prefix.get(host)),
          fallbacks.getOrDefault(host, global));
      if (host.isEmpty()) {
        hostless = table;
      } else if (HostNames.isWildcard(host)) {
        wildcards.put(HostNames.wildcardSuffix(host), table);
      } else {
        exactHosts.put(host, table);
      }
    }
    this.exactHosts = Map.copyOf(exactHosts);
    this.wildcardSuffixes = Map.copyOf(wildcards);
    this.hostless = hostless;
    this.explainer = new SpecReferenceRouter(sorted);
  }

  @Override
  public RouteResult route(HttpRequest request) {
    String host = HostNames.normalizeRequestHost(request.host());
    HostTable table = host.isEmpty() ? null : exactHosts.get(host);
    if (table == null) {
      String suffix = HostNames.suffixAfterFirstLabel(host);
      table = suffix == null ? null : wildcardSuffixes.get(suffix);
    }
    if (table == null) {
      table = hostless;
    }
    if (table == null) {
      return globalFallback.at(request.path());
    }
    PathRule rule = table.lookup(request.path());
    return rule != null ? new RouteResult.RuleMatch(rule, request.path())
        : table.fallback().at(request.path());
  }

  /** Explanations come from the literal reading; property tests keep the two in agreement. */
  @Override
  public Explanation explain(HttpRequest request) {
    return explainer.explain(request);
  }
}
