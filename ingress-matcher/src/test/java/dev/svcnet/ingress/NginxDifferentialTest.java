package dev.svcnet.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.svcnet.harness.nginx.LocalNginx;
import dev.svcnet.ingress.testing.NginxAnswers;
import dev.svcnet.ingress.testing.RandomIngresses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test: real nginx, configured with {@link Routers#nginxConf}, must pick the same
 * backend (and, where a rewrite applies, produce the same URI) as the nginx-mode router, for
 * random Ingress sets and requests; and answer 301 (with the same Location path) and 400 where
 * the router says nginx answers them itself. Traffic goes to 127.0.0.1 only. (The conformance
 * suite's {@code ingress.nginx-routing} checks the same property with the same generator.)
 */
class NginxDifferentialTest {

  private static final int SETS = 25;
  private static final int REQUESTS_PER_SET = 40;

  @TempDir
  Path temp;

  @Test
  void realNginxAnswersWhatTheNginxModeRouterPredicts() throws Exception {
    String missing = LocalNginx.unavailable();
    if (missing != null) {
      System.err.println("SKIPPED realNginxAnswersWhatTheNginxModeRouterPredicts: " + missing);
    }
    assumeTrue(missing == null, missing);
    long seed = Long.getLong("svcnet.seed", System.nanoTime());
    System.err.println("NginxDifferentialTest seed " + seed + " (rerun with -Dsvcnet.seed=)");
    Random random = new Random(seed);
    List<String> mismatches = new ArrayList<>();
    int compared = 0;
    int rules = 0;
    int defaults = 0;
    int rewrites = 0;
    int redirects = 0;
    int badRequests = 0;
    for (int set = 0; set < SETS; set++) {
      List<IngressDefinition> ingresses = RandomIngresses.ingresses(random, true);
      RequestRouter router = Routers.compile(ingresses, Controller.NGINX);
      Path dir = Files.createDirectories(temp.resolve("set" + set));
      String servers = Routers.nginxConf(ingresses, "127.0.0.1:PORT");
      try (LocalNginx nginx = LocalNginx.start(dir, servers)) {
        for (int i = 0; i < REQUESTS_PER_SET; i++) {
          HttpRequest request = RandomIngresses.nginxRequest(random, ingresses);
          RouteResult expected = router.route(request);
          LocalNginx.Response actual = nginx.get(request.host(), NginxAnswers.target(request));
          compared++;
          redirects += expected instanceof RouteResult.Redirect ? 1 : 0;
          badRequests += expected instanceof RouteResult.BadRequest ? 1 : 0;
          rules += expected instanceof RouteResult.RuleMatch ? 1 : 0;
          defaults += expected instanceof RouteResult.DefaultBackendMatch ? 1 : 0;
          rewrites += expected instanceof RouteResult.RuleMatch m
              && !m.forwardedPath().equals(request.path()) ? 1 : 0;
          java.util.Optional<String> problem = NginxAnswers.disagreement(request, expected,
              actual.status(), actual.location(), actual.body(), actual.path());
          if (problem.isPresent()) {
            mismatches.add("set " + set + " " + problem.get());
          }
        }
        if (!mismatches.isEmpty()) {
          mismatches.add("configuration of the first failing set:\n" + servers);
          break;
        }
      }
    }
    System.err.printf("NginxDifferentialTest compared %d requests: %d rule matches (%d"
        + " rewritten), %d default backends, %d redirects (301), %d bad requests (400), %d 404%n",
        compared, rules, rewrites, defaults, redirects, badRequests,
        compared - rules - defaults - redirects - badRequests);
    assertThat(mismatches).as("seed %d", seed).isEmpty();
    assertThat(compared).isEqualTo(SETS * REQUESTS_PER_SET);
    // The random requests must reach nginx's own answers, or this test would not check them.
    assertThat(redirects).as("301 answers compared").isPositive();
    assertThat(badRequests).as("400 answers compared").isPositive();
  }
}
