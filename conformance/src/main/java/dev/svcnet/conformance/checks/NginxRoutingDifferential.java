package dev.svcnet.conformance.checks;

import dev.svcnet.conformance.internal.ListShrinker;
import dev.svcnet.harness.nginx.LocalNginx;
import dev.svcnet.ingress.Controller;
import dev.svcnet.ingress.HttpRequest;
import dev.svcnet.ingress.IngressDefinition;
import dev.svcnet.ingress.PathRule;
import dev.svcnet.ingress.RequestRouter;
import dev.svcnet.ingress.RouteResult;
import dev.svcnet.ingress.Routers;
import dev.svcnet.ingress.testing.NginxAnswers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One Ingress set routed twice: by ingress-matcher's router ({@code model}: nginx mode, or spec
 * mode under the test-only fault switch) and by a real nginx started with
 * {@link Routers#nginxConf} for the same set; a request on which their answers differ
 * ({@link NginxAnswers}) is a disagreement, and {@link #shrink} reduces the set to the fewest
 * Ingresses and path rules that still disagree on it. nginx must be started from the thread
 * (and so the network namespace) the caller wants it in.
 */
public final class NginxRoutingDifferential {

  private final Path nginx;
  private final Path work;
  private final Controller model;

  /**
   * @param nginx the nginx binary
   * @param work a directory for the nginx configurations (each run gets its own subdirectory,
   *     deleted afterwards)
   * @param model the router's semantics: {@link Controller#NGINX} is the property checked
   */
  public NginxRoutingDifferential(Path nginx, Path work, Controller model) {
    this.nginx = Objects.requireNonNull(nginx, "nginx");
    this.work = Objects.requireNonNull(work, "work");
    this.model = Objects.requireNonNull(model, "model");
  }

  /**
   * A request nginx and the router disagree on, and how.
   *
   * @param problem both answers, backends named
   * @param predicted the router's answer ({@link NginxAnswers#predicted}), e.g. {@code 200 ns/web:80}
   * @param observed nginx's answer ({@link NginxAnswers#observed}), e.g. {@code 404}
   */
  public record Disagreement(HttpRequest request, String problem, String predicted,
      String observed) {
    public Disagreement {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(problem, "problem");
      Objects.requireNonNull(predicted, "predicted");
      Objects.requireNonNull(observed, "observed");
    }
  }

  /** Starts nginx for {@code ingresses} and sends {@code requests} until one disagrees. */
  public Optional<Disagreement> firstDisagreement(List<IngressDefinition> ingresses,
      List<HttpRequest> requests) throws Exception {
    RequestRouter router = Routers.compile(ingresses, model);
    Path dir = Files.createTempDirectory(work, "set");
    try (LocalNginx server = LocalNginx.start(nginx, dir, Routers.nginxConf(ingresses,
        "127.0.0.1:PORT"))) {
      for (HttpRequest request : requests) {
        RouteResult expected = router.route(request);
        LocalNginx.Response actual = server.get(request.host(), NginxAnswers.target(request));
        Optional<String> problem = NginxAnswers.disagreement(request, expected,
            actual.status(), actual.location(), actual.body(), actual.path());
        if (problem.isPresent()) {
          return Optional.of(new Disagreement(request, problem.get(),
              NginxAnswers.predicted(expected),
              NginxAnswers.observed(actual.status(), actual.location(), actual.body())));
        }
      }
      return Optional.empty();
    } finally {
      deleteQuietly(dir);
    }
  }

  /**
   * The fewest Ingresses and path rules of {@code failing} on which {@code request} still
   * disagrees, trying at most {@code maxProbes} smaller sets (each starts an nginx).
   */
  public List<IngressDefinition> shrink(List<IngressDefinition> failing, HttpRequest request,
      int maxProbes) throws Exception {
    List<HttpRequest> one = List.of(request);
    return new ListShrinker<IngressDefinition>(
        candidate -> !candidate.isEmpty() && firstDisagreement(candidate, one).isPresent(),
        NginxRoutingDifferential::fewerRules, maxProbes).shrink(failing);
  }

  /** Ingresses plus path rules. */
  public static int size(List<IngressDefinition> ingresses) {
    return ingresses.size() + ingresses.stream().mapToInt(i -> i.rules().size()).sum();
  }

  /** The Ingresses with their annotations, path rules and default backends, for reports. */
  public static String describe(List<IngressDefinition> ingresses) {
    List<String> parts = new ArrayList<>();
    for (IngressDefinition ingress : ingresses) {
      List<String> rules = ingress.rules().stream()
          .map(r -> r.describe() + " -> " + r.backend().describe()).toList();
      parts.add(ingress.ref() + (ingress.nginx().useRegex() ? " use-regex" : "")
          + (ingress.nginx().rewriteTarget() != null ? " rewrite-target "
              + ingress.nginx().rewriteTarget() : "")
          + " rules " + rules + ingress.defaultBackend().map(b -> " default " + b.describe())
              .orElse(""));
    }
    return ingresses.size() + (ingresses.size() == 1 ? " Ingress: " : " Ingresses: ")
        + String.join("; ", parts);
  }

  /** The Ingress with one path rule fewer, each way; or without its default backend. */
  private static List<IngressDefinition> fewerRules(IngressDefinition ingress) {
    List<IngressDefinition> fewer = new ArrayList<>();
    for (int r = 0; r < ingress.rules().size(); r++) {
      List<PathRule> rest = new ArrayList<>(ingress.rules());
      rest.remove(r);
      try {
        fewer.add(new IngressDefinition(ingress.ref(), ingress.hosts(), rest,
            ingress.defaultBackend(), ingress.nginx()));
      } catch (IllegalArgumentException e) {
        // not a valid Ingress without that rule
      }
    }
    if (ingress.defaultBackend().isPresent() && !ingress.hosts().isEmpty()) {
      fewer.add(new IngressDefinition(ingress.ref(), ingress.hosts(), ingress.rules(),
          Optional.empty(), ingress.nginx()));
    }
    return fewer;
  }

  /** Deletes a directory tree, leaving it behind if that fails. */
  public static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }
}
