package dev.svcnet.ingress.internal;

import dev.svcnet.ingress.Candidate;
import dev.svcnet.ingress.Explanation;
import dev.svcnet.ingress.HttpRequest;
import dev.svcnet.ingress.IngressDefinition;
import dev.svcnet.ingress.IngressRef;
import dev.svcnet.ingress.PathRule;
import dev.svcnet.ingress.RequestRouter;
import dev.svcnet.ingress.RouteResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Spec-mode routing read rule by rule, the way the Ingress documentation states it. Linear in
 * the number of rules; the oracle for {@link SpecCompiledRouter} and the source of explanations.
 */
public final class SpecReferenceRouter implements RequestRouter {

  private final List<IngressDefinition> definitions;

  /** @param definitions distinct Ingresses, in any order */
  public SpecReferenceRouter(List<IngressDefinition> definitions) {
    List<IngressDefinition> sorted = new ArrayList<>(definitions);
    sorted.sort(Comparator.comparing(IngressDefinition::ref, IngressRef.OLDEST_FIRST));
    this.definitions = List.copyOf(sorted);
  }

  @Override
  public RouteResult route(HttpRequest request) {
    String tier = chooseHostKey(HostNames.normalizeRequestHost(request.host()));
    PathRule best = best(tier, request.path());
    return best != null ? new RouteResult.RuleMatch(best, request.path())
        : fallback(tier, request.path());
  }

  /** The winning rule of host group {@code tier}, scanning every rule; null if none. */
  private PathRule best(String tier, String path) {
    PathRule best = null;
    for (IngressDefinition definition : definitions) {
      for (PathRule rule : definition.rules()) {
        if (tier == null || !rule.host().equals(tier)) {
          continue;
        }
        if (SpecPaths.matches(rule, path) && (best == null
            || SpecPaths.PRECEDENCE.compare(rule, best) < 0)) {
          best = rule;
        }
      }
    }
    return best;
  }

  @Override
  public Explanation explain(HttpRequest request) {
    String host = HostNames.normalizeRequestHost(request.host());
    String tier = chooseHostKey(host);
    List<Candidate> candidates = new ArrayList<>();
    PathRule best = best(tier, request.path());
    for (IngressDefinition definition : definitions) {
      for (PathRule rule : definition.rules()) {
        candidates.add(judge(rule, tier, host, request.path(), best));
      }
    }
    RouteResult result;
    if (best != null) {
      result = new RouteResult.RuleMatch(best, request.path());
    } else {
      result = fallback(tier, request.path());
      String why = tier == null ? "no rule for host '" + host + "' and no host-less rule"
          : "no path of " + describeTier(tier) + " matches";
      candidates.add(new Candidate("fallback", true, why + " -> " + result.describe()
          + (result instanceof RouteResult.DefaultBackendMatch d
              ? " (defaultBackend of " + d.from() + ")" : "")));
    }
    return new Explanation(request, result, candidates);
  }

  /**
   * The rule host that applies to a normalized request host: the host itself if any Ingress
   * names it, else its one-label wildcard, else {@code ""} (host-less rules) if any; null if none.
   */
  private String chooseHostKey(String host) {
    if (!host.isEmpty() && declares(host)) {
      return host;
    }
    String suffix = HostNames.suffixAfterFirstLabel(host);
    if (suffix != null && declares("*." + suffix)) {
      return "*." + suffix;
    }
    return declares("") ? "" : null;
  }

  private boolean declares(String ruleHost) {
    for (IngressDefinition definition : definitions) {
      if (definition.hosts().contains(ruleHost)) {
        return true;
      }
    }
    return false;
  }

  private RouteResult fallback(String tier, String path) {
    if (tier != null) {
      for (IngressDefinition definition : definitions) {
        if (definition.hosts().contains(tier) && definition.defaultBackend().isPresent()) {
          return new RouteResult.DefaultBackendMatch(
              definition.defaultBackend().get(), definition.ref(), path);
        }
      }
    }
    for (IngressDefinition definition : definitions) {
      if (definition.defaultBackend().isPresent()) {
        return new RouteResult.DefaultBackendMatch(
            definition.defaultBackend().get(), definition.ref(), path);
      }
    }
    return new RouteResult.NotFound();
  }

  private static Candidate judge(
      PathRule rule, String tier, String host, String path, PathRule best) {
    String d = rule.describe();
    if (tier == null || !rule.host().equals(tier)) {
      String why = tier == null ? "request host '" + host + "' matches no rule host"
          : "request host '" + host + "' is served by " + describeTier(tier);
      return new Candidate(d, false, why);
    }
    if (!SpecPaths.matches(rule, path)) {
      return new Candidate(d, false, "path " + path + " does not match");
    }
    if (rule == best) {
      return new Candidate(d, true, "selected: the longest matching path");
    }
    return new Candidate(d, false, "matches, but " + whyLost(rule, best));
  }

  private static String whyLost(PathRule loser, PathRule winner) {
    int lw = winner.effectivePath().length();
    int ll = loser.effectivePath().length();
    if (lw != ll) {
      return "a longer path wins (" + winner.effectivePath() + " has " + lw + " characters, "
          + ll + " here)";
    }
    if (loser.pathType() != winner.pathType()) {
      return winner.pathType().kubernetesName() + " beats " + loser.pathType().kubernetesName()
          + " on equal length";
    }
    if (!loser.ingress().equals(winner.ingress())) {
      return "the same path in " + winner.ingress() + " wins (older, or first by namespace/name)";
    }
    return "an earlier identical path in the same Ingress wins (" + winner.field() + ")";
  }

  private static String describeTier(String tier) {
    return tier.isEmpty() ? "the host-less rules" : "rules for host " + tier;
  }
}
