package dev.svcnet.ingress;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a request went: a path rule, a default backend, or nowhere (HTTP 404); in ingress-nginx
 * mode also nginx's own answers, a 301 redirect or a 400.
 */
public sealed interface RouteResult
    permits RouteResult.RuleMatch, RouteResult.DefaultBackendMatch, RouteResult.NotFound,
        RouteResult.Redirect, RouteResult.BadRequest {

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

  /**
   * ingress-nginx mode: nginx answers 301 itself. A request whose URI equals a location name
   * ending in {@code /} minus that slash, with no {@code =} location for the URI itself, is
   * redirected to the URI with the slash appended (locations that proxy, as ingress-nginx's all
   * do); e.g. Prefix {@code /a/} or ImplementationSpecific {@code /a/} and a request for
   * {@code /a}.
   *
   * @param status 301
   * @param location the path and query of the {@code Location} header (nginx makes it absolute
   *     with the request's host and the listening port)
   */
  record Redirect(int status, String location) implements RouteResult {
    public Redirect {
      Objects.requireNonNull(location, "location");
    }

    @Override
    public Optional<Backend> backend() {
      return Optional.empty();
    }

    @Override
    public String describe() {
      return status + " " + location;
    }
  }

  /**
   * ingress-nginx mode: nginx rejects the request with 400 before choosing a location: a
   * {@code %} not followed by two hex digits, {@code %00}, a {@code ..} above the root, or
   * {@code ..} in the Host.
   *
   * @param reason what nginx rejects
   */
  record BadRequest(String reason) implements RouteResult {
    public BadRequest {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Optional<Backend> backend() {
      return Optional.empty();
    }

    @Override
    public String describe() {
      return "400 (" + reason + ")";
    }
  }
}
