package dev.svcnet.conformance.checks;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Counterexample;
import dev.svcnet.conformance.Progress;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
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
import dev.svcnet.ingress.testing.RandomIngresses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Ingress routing against a real nginx: random Ingress sets (ingress-matcher's
 * {@link RandomIngresses}, drawn from the seed) are routed by ingress-matcher in nginx mode and
 * by Debian's nginx configured with the equivalent {@link Routers#nginxConf}, listening on
 * 127.0.0.1 in a fresh network namespace ({@code netns}) or in the container's
 * ({@code container}, the image's {@code /usr/sbin/nginx}); for random requests (rule paths, 301s, 400s, rewrites) the answers must
 * agree ({@link NginxAnswers}). The first disagreeing request is kept, and its Ingress set
 * shrinks to the fewest Ingresses and path rules that still disagree.
 */
public final class IngressNginxCheck extends NamespaceCheck {

  /** Ingress sets per run are capped: each starts an nginx. */
  static final int MAX_SETS = 25;
  static final int REQUESTS_PER_SET = 40;
  private static final int SHRINK_PROBES = 60;

  private final Path nginx;

  /**
   * The check against Debian's nginx ({@code -Dsvcnet.nginx=PATH} points elsewhere on this
   * machine; inside the container it is always the image's {@code /usr/sbin/nginx}).
   */
  public IngressNginxCheck() {
    this(LocalNginx.BINARY);
  }

  /** The check against the nginx at {@code nginx}. */
  public IngressNginxCheck(Path nginx) {
    this.nginx = nginx;
  }

  @Override
  public String capability() {
    return "ingress.nginx-routing";
  }

  @Override
  public String description() {
    return "random Ingress sets route in a real nginx as ingress-matcher's nginx mode predicts";
  }

  /** One Ingress set and the requests sent to it. */
  record IngressCase(List<IngressDefinition> ingresses, List<HttpRequest> requests) {}

  static List<IngressCase> cases(Settings settings) {
    Random random = new Random(settings.seed() ^ 0x16E55L);
    List<IngressCase> cases = new ArrayList<>();
    for (int i = 0; i < Math.min(settings.tries(), MAX_SETS); i++) {
      List<IngressDefinition> ingresses = RandomIngresses.ingresses(random, true);
      List<HttpRequest> requests = new ArrayList<>();
      for (int r = 0; r < REQUESTS_PER_SET; r++) {
        requests.add(RandomIngresses.nginxRequest(random, ingresses));
      }
      cases.add(new IngressCase(ingresses, requests));
    }
    return cases;
  }

  /** Without an nginx on this machine there is none in the container either. */
  @Override
  protected String missingOnThisMachine() {
    return noNginx();
  }

  private String noNginx() {
    String missing = LocalNginx.unavailable(nginx);
    return missing == null ? null : missing + " (scripts/setup conformance installs it)";
  }

  @Override
  public CheckResult runInThisNamespace(Target target, Settings settings, Progress progress) {
    String noNginx = noNginx();
    if (noNginx != null) {
      return CheckResult.notRun(capability(), target, noNginx);
    }
    long started = System.nanoTime();
    List<IngressCase> cases = cases(settings);
    Controller model = settings.faultyModels() ? Controller.SPEC : Controller.NGINX;
    Path work = null;
    try {
      work = Files.createTempDirectory("svcnet-conformance-nginx");
      int requests = 0;
      for (int i = 0; i < cases.size(); i++) {
        IngressCase c = cases.get(i);
        Optional<Disagreement> found = firstDisagreement(work, c.ingresses(), c.requests(),
            model);
        requests += c.requests().size();
        if (found.isPresent()) {
          return failed(target, settings, work, i, c, found.get(), model, started);
        }
        progress.update(i + 1, cases.size());
      }
      return new CheckResult(capability(), target, Verdict.PASSED, cases.size()
          + " random Ingress sets, " + requests + " requests: nginx answered as ingress-matcher"
          + " predicted", elapsed(started));
    } catch (Exception e) {
      return new CheckResult(capability(), target, Verdict.FAILED,
          "the check could not complete: " + e, elapsed(started));
    } finally {
      deleteQuietly(work);
    }
  }

  /** A request nginx and the router disagree on, and how. */
  record Disagreement(HttpRequest request, String problem) {}

  /** Starts nginx for {@code ingresses} and sends {@code requests} until one disagrees. */
  private Optional<Disagreement> firstDisagreement(Path work,
      List<IngressDefinition> ingresses, List<HttpRequest> requests, Controller model)
      throws Exception {
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
          return Optional.of(new Disagreement(request, problem.get()));
        }
      }
      return Optional.empty();
    } finally {
      deleteQuietly(dir);
    }
  }

  private CheckResult failed(Target target, Settings settings, Path work, int index,
      IngressCase first, Disagreement disagreement, Controller model, long started)
      throws Exception {
    List<HttpRequest> one = List.of(disagreement.request());
    List<IngressDefinition> minimal = new ListShrinker<IngressDefinition>(
        candidate -> valid(candidate) && firstDisagreement(work, candidate, one, model)
            .isPresent(),
        IngressNginxCheck::fewerRules, SHRINK_PROBES).shrink(first.ingresses());
    String problem = firstDisagreement(work, minimal, one, model).map(Disagreement::problem)
        .orElse("(agreed when checked again): " + disagreement.problem());
    Counterexample counterexample = new Counterexample(settings.seed(),
        "Ingress set " + index + ", " + describe(first.ingresses()) + "; request "
            + disagreement.request().describe(), size(first.ingresses()),
        describe(minimal) + "; request " + disagreement.request().describe(), size(minimal),
        problem, Counterexample.reproduceCommand(target, capability(),
            settings.withTries(Math.min(settings.tries(), MAX_SETS))));
    return new CheckResult(capability(), target, Verdict.FAILED, "Ingress set " + index
        + ": " + disagreement.problem() + "; shrunk from " + size(first.ingresses()) + " to "
        + size(minimal) + " Ingresses and path rules", elapsed(started), counterexample,
        List.of());
  }

  /** An Ingress set nginx can be configured with: at least one Ingress. */
  private static boolean valid(List<IngressDefinition> ingresses) {
    return !ingresses.isEmpty();
  }

  /** Ingresses plus path rules. */
  static int size(List<IngressDefinition> ingresses) {
    return ingresses.size() + ingresses.stream().mapToInt(i -> i.rules().size()).sum();
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

  private static String describe(List<IngressDefinition> ingresses) {
    List<String> parts = new ArrayList<>();
    for (IngressDefinition ingress : ingresses) {
      List<String> rules = ingress.rules().stream().map(PathRule::describe).toList();
      parts.add(ingress.ref() + (ingress.nginx().useRegex() ? " use-regex" : "")
          + (ingress.nginx().rewriteTarget() != null ? " rewrite-target "
              + ingress.nginx().rewriteTarget() : "")
          + " rules " + rules + ingress.defaultBackend().map(b -> " default " + b.describe())
              .orElse(""));
    }
    return ingresses.size() + (ingresses.size() == 1 ? " Ingress: " : " Ingresses: ")
        + String.join("; ", parts);
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
