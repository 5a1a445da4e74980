package dev.svcnet.ingress.internal;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.svcnet.ingress.Explanation;
import dev.svcnet.ingress.HttpRequest;
import dev.svcnet.ingress.RequestRouter;
import dev.svcnet.ingress.RouteResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ingress-nginx-mode routing with indexed lookups: server by hash (exact name, then the
 * wildcard suffix), {@code =} locations by hash, prefix locations in a {@link PrefixTree}, and a
 * server's regex locations as one RE2 alternation whose first matching branch (RE2 prefers
 * earlier alternatives, like nginx's first-match) tells which location won.
 */
public final class NginxCompiledRouter implements RequestRouter {

  private static final class ServerTable {
    final Map<String, NginxLocation> exact = new HashMap<>();
    /** URIs nginx redirects to URI + "/": static location names ending in "/", minus it. */
    final java.util.Set<String> slashRedirects = new java.util.HashSet<>();
    final java.util.Set<String> prefixNames = new java.util.HashSet<>();
    final PrefixTree<NginxLocation> prefixes;
    final Pattern regexes;
    final int[] branchGroup;
    final NginxLocation[] branchLocation;

    ServerTable(NginxServer server) {
      PrefixTree.Builder<NginxLocation> prefix = PrefixTree.builder();
      List<NginxLocation> regex = new ArrayList<>();
      for (NginxLocation l : server.locations()) {
        String redirectFrom = NginxResults.slashRedirectFrom(l);
        if (redirectFrom != null) {
          slashRedirects.add(redirectFrom);
        }
        switch (l.kind()) {
          case EXACT -> exact.putIfAbsent(l.path(), l);
          case PREFIX -> {
            prefix.put(l.path(), l);
            prefixNames.add(l.path());
          }
          case REGEX -> regex.add(l);
        }
      }
      prefixes = prefix.build();
      branchGroup = new int[regex.size()];
      branchLocation = regex.toArray(new NginxLocation[0]);
      if (regex.isEmpty()) {
        regexes = null;
        return;
      }
      StringBuilder alternation = new StringBuilder("(?i)");
      int group = 1;
      for (int i = 0; i < branchLocation.length; i++) {
        String branch = branchLocation[i].anchoredRegex();
        int own;
        try {
          own = Pattern.compile(branch).groupCount();
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException(describe(branchLocation[i])
              + ": not an RE2 regular expression: " + e.getMessage(), e);
        }
        alternation.append(i == 0 ? "" : "|").append('(').append(branch).append(')');
        branchGroup[i] = group;
        group += 1 + own;
      }
      regexes = Pattern.compile(alternation.toString());
    }

    /** The location for {@code uri}, or null when nginx redirects it (or nothing matches). */
    NginxLocation find(String uri) {
      NginxLocation hit = exact.get(uri);
      if (hit != null) {
        return hit;
      }
      // nginx's static tree walk ends at a prefix location named like the URI before a longer
      // name's auto-redirect comes into play.
      if (slashRedirects.contains(uri) && !prefixNames.contains(uri)) {
        return null;
      }
      if (regexes != null) {
        Matcher m = regexes.matcher(uri);
        if (m.lookingAt()) {
          for (int i = 0; i < branchGroup.length; i++) {
            if (m.start(branchGroup[i]) >= 0) {
              return branchLocation[i];
            }
          }
        }
      }
      return prefixes.longestPrefixOf(uri);
    }

    private static String describe(NginxLocation l) {
      return l.rule() != null ? l.rule().describe() + ".path" : l.describe();
    }
  }

  private final Map<String, ServerTable> exactServers = new HashMap<>();
  private final Map<String, ServerTable> wildcardServers = new HashMap<>();
  private final ServerTable catchAll;
  private final NginxReferenceRouter explainer;

  /** @throws IllegalArgumentException if a regex location is not valid RE2 syntax */
  public NginxCompiledRouter(NginxPlan plan) {
    ServerTable fallback = null;
    for (NginxServer server : plan.servers()) {
      ServerTable table = new ServerTable(server);
      if (server.name().equals(NginxServer.CATCH_ALL)) {
        fallback = table;
      } else if (HostNames.isWildcard(server.name())) {
        wildcardServers.put(HostNames.wildcardSuffix(server.name()), table);
      } else {
        exactServers.put(server.name(), table);
      }
    }
    this.catchAll = fallback;
    this.explainer = new NginxReferenceRouter(plan);
  }

  @Override
  public RouteResult route(HttpRequest request) {
    if (request.host().contains("..")) {
      return new RouteResult.BadRequest(NginxResults.HOST_DOTS);
    }
    String host = HostNames.normalizeRequestHost(request.host());
    ServerTable server = exactServers.get(host);
    if (server == null && HostNames.isNginxWildcardLabel(host)) {
      server = wildcardServers.get(HostNames.suffixAfterFirstLabel(host));
    }
    if (server == null) {
      server = catchAll;
    }
    String uri = NginxUri.normalize(request.path());
    if (uri == null) {
      return new RouteResult.BadRequest(NginxUri.badRequestReason(request.path()));
    }
    NginxLocation location = server.find(uri);
    if (location == null) {
      return server.slashRedirects.contains(uri) && !server.exact.containsKey(uri)
          ? NginxResults.slashRedirect(uri, request.query()) : new RouteResult.NotFound();
    }
    return NginxResults.from(location, request.path(), uri);
  }

  /** Explanations come from the step-by-step reading; property tests keep both in agreement. */
  @Override
  public Explanation explain(HttpRequest request) {
    return explainer.explain(request);
  }
}
