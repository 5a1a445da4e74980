package dev.svcnet.ingress;

/**
 * Routes HTTP requests over a fixed set of Ingresses. Implementations are immutable and safe to
 * share between threads.
 */
public interface RequestRouter {

  /** Which backend gets {@code request}, through which rule, with which path. */
  RouteResult route(HttpRequest request);

  /** {@link #route} plus every candidate rule and why it lost. */
  Explanation explain(HttpRequest request);
}
