package dev.svcnet.ingress.internal;

import com.google.re2j.Pattern;
import dev.svcnet.ingress.Candidate;
import dev.svcnet.ingress.Explanation;
import dev.svcnet.ingress.HttpRequest;
import dev.svcnet.ingress.RequestRouter;
import dev.svcnet.ingress.RouteResult;
import java.util.ArrayList;
import java.util.List;

/**
 * nginx's request processing, step by step over the generated servers and locations: server by
 * exact name, then wildcard regex names in order, then the catch-all; location by {@code =},
 * then the longest prefix, then regexes in order (first match), then the remembered prefix.
 * Linear; the oracle for {@link NginxCompiledRouter} and the source of explanations.
 */
public final class NginxReferenceRouter implements RequestRouter {

  private final NginxPlan plan;

  public NginxReferenceRouter(NginxPlan plan) {
    this.plan = plan;
  }

  @Override
  public RouteResult route(HttpRequest request) {
    return explain(request).result();
  }

  @Override
  public Explanation explain(HttpRequest request) {
    if (request.host().contains("..")) {
      return new Explanation(request, new RouteResult.BadRequest(NginxResults.HOST_DOTS),
          List.of(new Candidate("host " + request.host(), true,
              "nginx rejects the request (400): " + NginxResults.HOST_DOTS)));
    }
    String host = HostNames.normalizeRequestHost(request.host());
    NginxServer server = chooseServer(host);
    List<Candidate> candidates = new ArrayList<>();
    for (NginxServer other : plan.servers()) {
      if (other != server) {
        for (NginxLocation l : other.locations()) {
          candidates.add(new Candidate(l.describe(), false, "in server " + other.name()
              + ", request host '" + host + "' is served by server " + server.name()));
        }
      }
    }
    String uri = NginxUri.normalize(request.path());
    if (uri == null) {
      String reason = NginxUri.badRequestReason(request.path());
      candidates.add(new Candidate("server " + server.name(), true,
          "nginx rejects the path (400): " + reason));
      return new Explanation(request, new RouteResult.BadRequest(reason), candidates);
    }
    NginxLocation exact = null;
    NginxLocation prefix = null;
    NginxLocation regex = null;
    for (NginxLocation l : server.locations()) {
      if (l.kind() == NginxLocation.Kind.EXACT && exact == null && l.path().equals(uri)) {
        exact = l;
      }
      if (l.kind() == NginxLocation.Kind.PREFIX && uri.startsWith(l.path())
          && (prefix == null || l.path().length() > prefix.path().length())) {
        prefix = l;
      }
    }
    NginxLocation redirectBy = null;
    // nginx's static tree walk ends at a location named like the URI, exact or prefix, before
    // a longer name's auto-redirect comes into play.
    if (exact == null && (prefix == null || !prefix.path().equals(uri))) {
      for (NginxLocation l : server.locations()) {
        if (uri.equals(NginxResults.slashRedirectFrom(l))) {
          redirectBy = l;
          break;
        }
      }
    }
    if (redirectBy != null) {
      for (NginxLocation l : server.locations()) {
        candidates.add(l == redirectBy
            ? new Candidate(l.describe(), true, "nginx answers 301 to " + uri + "/: the"
                + " location is " + uri + " plus '/', and no exact or prefix location is "
                + uri)
            : new Candidate(l.describe(), false, "nginx redirects " + uri + " before trying"
                + " further locations"));
      }
      return new Explanation(request, NginxResults.slashRedirect(uri, request.query()),
          candidates);
    }
    if (exact == null) {
      for (NginxLocation l : server.locations()) {
        if (l.kind() == NginxLocation.Kind.REGEX
            && Pattern.compile("(?i)" + l.anchoredRegex()).matcher(uri).find()) {
          regex = l;
          break;
        }
      }
    }
    NginxLocation chosen = exact != null ? exact : regex != null ? regex : prefix;
    for (NginxLocation l : server.locations()) {
      candidates.add(judge(l, chosen, exact, prefix, uri));
    }
    RouteResult result = chosen == null ? new RouteResult.NotFound()
        : NginxResults.from(chosen, request.path(), uri);
    return new Explanation(request, result, candidates);
  }

  private NginxServer chooseServer(String host) {
    NginxServer catchAll = null;
    for (NginxServer s : plan.servers()) {
      if (s.name().equals(host)) {
        return s;
      }
      if (s.name().equals(NginxServer.CATCH_ALL)) {
        catchAll = s;
      }
    }
    for (NginxServer s : plan.servers()) {
      if (HostNames.isWildcard(s.name()) && HostNames.isNginxWildcardLabel(host)
          && HostNames.wildcardSuffix(s.name()).equals(HostNames.suffixAfterFirstLabel(host))) {
        return s;
      }
    }
    return catchAll;
  }

  private static Candidate judge(NginxLocation l, NginxLocation chosen, NginxLocation exact,
      NginxLocation prefix, String uri) {
    String d = l.describe();
    if (l == chosen) {
      String how = l == exact ? "exact match" : l.kind() == NginxLocation.Kind.REGEX
          ? "first regex location that matches " + uri
          : "longest prefix of " + uri + " and no regex location matches";
      return new Candidate(d, true, "selected: " + how);
    }
    boolean matches = switch (l.kind()) {
      case EXACT -> l.path().equals(uri);
      case PREFIX -> uri.startsWith(l.path());
      case REGEX -> Pattern.compile("(?i)" + l.anchoredRegex()).matcher(uri).find();
    };
    if (!matches) {
      return new Candidate(d, false, "does not match " + uri);
    }
    if (exact != null) {
      return new Candidate(d, false, "an exact location matched first");
    }
    if (l.kind() == NginxLocation.Kind.PREFIX && l != prefix) {
      return new Candidate(d, false, "a longer prefix matched (" + prefix.path() + ")");
    }
    if (l.kind() == NginxLocation.Kind.PREFIX) {
      return new Candidate(d, false, "longest prefix, but a regex location matched");
    }
    return new Candidate(d, false, "an earlier regex location matched");
  }
}
