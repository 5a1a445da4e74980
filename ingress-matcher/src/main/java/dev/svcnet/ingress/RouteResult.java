package dev.svcnet.ingress;

import java.util.Objects;
import java.util.Optional;

/** Where a request went: a path rule, a default backend, or nowhere (HTTP 404). */
public sealed interface RouteResult
    permits RouteResult.RuleMatch, RouteResult.DefaultBackendMatch, RouteResult.NotFound {

  /** The backend that receives the request, if any. */
  Optional<Backend> backend();

  /** The line the CLI prints after {@code ->}. */
  String describe();

  /**
   * A path rule matched.
   *
   * @param forwardedPath the path the backend sees (the request path unless rewritten)
   */
  record RuleMatch(PathRule rule, String forwardedPath) implements RouteResult {
    public RuleMatch {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(forwardedPath, "forwardedPath");
    }

    @Override
    public Optional<Backend> backend() {
      return Optional.of(rule.backend());
    }

    @Override
    public String describe() {
      return rule.backend().describe();
    }
  }

  /**
   * No path rule matched and an Ingress's {@code spec.defaultBackend} took the request.
   *
   * @param from the Ingress whose defaultBackend it is
   * @param forwardedPath the path the backend sees
   */
  record DefaultBackendMatch(Backend defaultBackend, IngressRef from, String forwardedPath)
      implements RouteResult {
    public DefaultBackendMatch {
      Objects.requireNonNull(defaultBackend, "defaultBackend");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(forwardedPath, "forwardedPath");
    }

    @Override
    public Optional<Backend> backend() {
      return Optional.of(defaultBackend);
    }

    @Override
    public String describe() {
      return "default-backend " + defaultBackend.describe();
    }
  }

  /** Nothing took the request: the controller's default backend answers 404. */
  record NotFound() implements RouteResult {
    @Override
    public Optional<Backend> backend() {
      return Optional.empty();
    }

    @Override
    public String describe() {
      return "404";
    }
  }
}
