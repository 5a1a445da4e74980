package dev.svcnet.ingress.testing;

import dev.svcnet.ingress.HttpRequest;
import dev.svcnet.ingress.RouteResult;
import java.util.Optional;

/**
 * What a real nginx configured by {@link dev.svcnet.ingress.Routers#nginxConf} must answer for a
 * request, according to the nginx-mode router: 404 or 400, 301 with the router's Location path,
 * or 200 with the chosen backend's name as the body, the request URI rewritten where the router
 * says so (nginx's {@code X-Svcnet-Path} header). Differential tests compare the two with
 * {@link #disagreement}.
 */
public final class NginxAnswers {

  private NginxAnswers() {}

  /** The request line's target: the path, then {@code ?query} if there is one. */
  public static String target(HttpRequest request) {
    return request.path() + (request.query().isEmpty() ? "" : "?" + request.query());
  }

  /** The router's prediction in {@link #observed}'s form: "404", "400", "301 PATH", "200 BACKEND". */
  public static String predicted(RouteResult expected) {
    return expected instanceof RouteResult.NotFound ? "404"
        : expected instanceof RouteResult.BadRequest ? "400"
        : expected instanceof RouteResult.Redirect ? expected.describe()
        : "200 " + expected.describe();
  }

  /** nginx's answer: status, then the Location path for 301 or the body otherwise. */
  public static String observed(int status, String location, String body) {
    return switch (status) {
      case 404, 400 -> String.valueOf(status);
      case 301 -> "301 " + location;
      default -> status + " " + body.strip();
    };
  }

  /**
   * How nginx's answer to {@code request} differs from the router's {@code expected} result:
   * empty when they agree.
   *
   * @param forwardedPath the URI the backend saw (the {@code X-Svcnet-Path} header), or null
   */
  public static Optional<String> disagreement(HttpRequest request, RouteResult expected,
      int status, String location, String body, String forwardedPath) {
    String answer = observed(status, location, body);
    String predicted = predicted(expected);
    if (!answer.equals(predicted)) {
      return Optional.of(request.describe() + ": nginx " + answer + ", router " + predicted);
    }
    if (expected instanceof RouteResult.RuleMatch m
        && !m.forwardedPath().equals(request.path())
        && !m.forwardedPath().equals(forwardedPath)) {
      return Optional.of(request.describe() + ": nginx rewrote to " + forwardedPath
          + ", router to " + m.forwardedPath());
    }
    return Optional.empty();
  }
}
