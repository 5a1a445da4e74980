package dev.svcnet.conformance.checks;

import static dev.svcnet.conformance.checks.NginxRoutingDifferential.describe;
import static dev.svcnet.conformance.checks.NginxRoutingDifferential.size;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Counterexample;
import dev.svcnet.conformance.Progress;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.conformance.checks.NginxRoutingDifferential.Disagreement;
import dev.svcnet.harness.nginx.LocalNginx;
import dev.svcnet.ingress.Controller;
import dev.svcnet.ingress.HttpRequest;
import dev.svcnet.ingress.IngressDefinition;
import dev.svcnet.ingress.testing.RandomIngresses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Ingress routing against a real nginx: random Ingress sets (ingress-matcher's
 * {@link RandomIngresses}, drawn from the seed) are routed by ingress-matcher in nginx mode and
 * by Debian's nginx configured as ingress-nginx would be ({@link NginxRoutingDifferential}),
 * listening on 127.0.0.1 in a fresh network namespace ({@code netns}) or in the container's
 * ({@code container}, the image's {@code /usr/sbin/nginx}); for random requests (rule paths,
 * 301s, 400s, rewrites) the answers must agree. The first disagreeing request is kept, and its
 * Ingress set shrinks to the fewest Ingresses and path rules that still disagree.
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
      NginxRoutingDifferential differential = new NginxRoutingDifferential(nginx, work, model);
      int requests = 0;
      for (int i = 0; i < cases.size(); i++) {
        IngressCase c = cases.get(i);
        Optional<Disagreement> found = differential.firstDisagreement(c.ingresses(),
            c.requests());
        requests += c.requests().size();
        if (found.isPresent()) {
          return failed(target, settings, differential, i, c, found.get(), started);
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
      NginxRoutingDifferential.deleteQuietly(work);
    }
  }

  private CheckResult failed(Target target, Settings settings,
      NginxRoutingDifferential differential, int index, IngressCase first,
      Disagreement disagreement, long started) throws Exception {
    List<IngressDefinition> minimal = differential.shrink(first.ingresses(),
        disagreement.request(), SHRINK_PROBES);
    String problem = differential.firstDisagreement(minimal, List.of(disagreement.request()))
        .map(Disagreement::problem)
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

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
