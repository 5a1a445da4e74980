package dev.svcnet.ingress;

import dev.svcnet.ingress.internal.GatewayCompiledRouter;
import dev.svcnet.ingress.internal.GatewayPrecedenceRouter;
import java.util.List;

/**
 * Routes requests over Gateway API HTTPRoutes attached to one listener. Immutable and
 * thread-safe.
 *
 * <p>Order of preference (Gateway API, HTTPRoute docs): the route whose matching hostname has
 * the most characters in a non-wildcard hostname, then in any hostname; then the match with an
 * Exact path, the longest PathPrefix, a method, the most header matches, the most query
 * matches; then the oldest route, then {@code namespace/name}; then rule and match order.
 * RegularExpression paths (implementation-specific) rank after every Exact and PathPrefix
 * match, longer patterns first. Wildcard hostnames match any number of labels. Header and
 * regex matches use RE2 on the whole value; query values are compared undecoded.
 */
public interface HttpRouteRouter {

  /** Which rule (and weighted backends) gets the request. */
  GatewayRouteResult route(HttpRequest request);

  /** The result plus every candidate match in precedence order and why it lost. */
  List<Candidate> explain(HttpRequest request);

  /**
   * A compiled router: matches indexed by hostname and path, so a lookup checks only the
   * matches whose hostname and path already fit.
   *
   * @param listenerHostname the listener's hostname, or null for a listener without one
   */
  static HttpRouteRouter of(List<HttpRouteDefinition> routes, String listenerHostname) {
    return new GatewayCompiledRouter(routes, listenerHostname);
  }

  /**
   * The literal reading: every candidate match sorted by precedence, the first that holds
   * wins (linear in the number of matches); the oracle for {@link #of}.
   */
  static HttpRouteRouter reference(List<HttpRouteDefinition> routes, String listenerHostname) {
    return new GatewayPrecedenceRouter(routes, listenerHostname);
  }
}
