package dev.svcnet.ingress;

import dev.svcnet.ingress.internal.NginxCompiledRouter;
import dev.svcnet.ingress.internal.NginxConfWriter;
import dev.svcnet.ingress.internal.NginxPlan;
import dev.svcnet.ingress.internal.NginxReferenceRouter;
import dev.svcnet.ingress.internal.SpecCompiledRouter;
import dev.svcnet.ingress.internal.SpecReferenceRouter;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Builds routers over validated Ingresses.
 *
 * <h2>Spec mode ({@link Controller#SPEC})</h2>
 * <ol>
 *   <li>Host: the Host header without port and one trailing dot, lower-cased. Rules naming that
 *       host apply; else rules whose wildcard {@code *.s} equals the host minus its first
 *       label; else host-less rules. Only that one group is searched.</li>
 *   <li>Path: Exact compares the whole path; Prefix compares whole {@code /} segments with a
 *       trailing {@code /} of the rule ignored; ImplementationSpecific is read as Prefix. The
 *       longest path (as written) wins, then Exact over Prefix over ImplementationSpecific.</li>
 *   <li>Several Ingresses (svcnet's rule, the spec is silent): all rules of all Ingresses for a
 *       host are merged; on a complete tie the older Ingress wins (creationTimestamp, then
 *       namespace/name ascending), then declaration order.</li>
 *   <li>No path matches: the defaultBackend of the oldest Ingress naming the chosen host
 *       group; else the defaultBackend of the oldest Ingress that has one; else 404.</li>
 *   <li>The backend sees the request path unchanged.</li>
 * </ol>
 *
 * <h2>ingress-nginx mode ({@link Controller#NGINX})</h2>
 * The servers and locations ingress-nginx would generate (see {@code NginxPlan}), then nginx's
 * own choice: server by exact name, one-label wildcard, catch-all; location by {@code =},
 * longest prefix, first regex in order, remembered prefix; the URI decoded and with slashes
 * merged and dot segments resolved; the backend sees the raw path or the rewritten URI.
 */
public final class Routers {

  private Routers() {}

  /**
   * A compiled router: lookup cost independent of the number of rules.
   *
   * @throws IllegalArgumentException for duplicate Ingresses or (nginx mode) a regex path that
   *     is not RE2 syntax, naming the rule
   */
  public static RequestRouter compile(List<IngressDefinition> ingresses, Controller controller) {
    checkDistinct(ingresses);
    return switch (controller) {
      case SPEC -> new SpecCompiledRouter(ingresses);
      case NGINX -> new NginxCompiledRouter(NginxPlan.of(ingresses));
    };
  }

  /** The literal, rule-by-rule router: slow, obviously right, used as a test oracle. */
  public static RequestRouter reference(List<IngressDefinition> ingresses, Controller controller) {
    checkDistinct(ingresses);
    return switch (controller) {
      case SPEC -> new SpecReferenceRouter(ingresses);
      case NGINX -> new NginxReferenceRouter(NginxPlan.of(ingresses));
    };
  }

  /**
   * nginx {@code server} blocks (for an {@code http} context) with the locations ingress-nginx
   * would generate, each answering 200 with its backend's name ({@code namespace/service:port},
   * or {@code default-backend namespace/service:port}) or 404 for the controller default.
   *
   * @param listen the listen address, e.g. {@code 80} or {@code 127.0.0.1:8080}
   */
  public static String nginxConf(List<IngressDefinition> ingresses, String listen) {
    checkDistinct(ingresses);
    return NginxConfWriter.write(NginxPlan.of(ingresses), listen);
  }

  private static void checkDistinct(List<IngressDefinition> ingresses) {
    Objects.requireNonNull(ingresses, "ingresses");
    Set<String> seen = new HashSet<>();
    for (IngressDefinition d : ingresses) {
      if (!seen.add(d.ref().toString())) {
        throw new IllegalArgumentException("duplicate Ingress " + d.ref());
      }
    }
  }
}
