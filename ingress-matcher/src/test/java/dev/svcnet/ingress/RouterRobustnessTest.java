package dev.svcnet.ingress;

import dev.svcnet.ingress.testing.RandomIngresses;
import static dev.svcnet.ingress.Fixtures.ingress;
import static dev.svcnet.ingress.Fixtures.on;
import static dev.svcnet.ingress.Fixtures.specific;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Sharing a compiled router between threads, and hostile regular expressions. */
class RouterRobustnessTest {

  @Test
  void aCompiledRouterSharedByThreadsAnswersAsItDoesAlone() throws Exception {
    Random random = new Random(7);
    List<IngressDefinition> ingresses = RandomIngresses.ingresses(random, true);
    List<HttpRequest> requests = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      requests.add(RandomIngresses.request(random, ingresses));
    }
    for (Controller controller : Controller.values()) {
      RequestRouter router = Routers.compile(ingresses, controller);
      List<RouteResult> alone = requests.stream().map(router::route).toList();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<List<RouteResult>>> runs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          runs.add(pool.submit(() -> requests.stream().map(router::route).toList()));
        }
        for (Future<List<RouteResult>> run : runs) {
          assertThat(run.get()).isEqualTo(alone);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aCatastrophicBacktrackingPatternStaysLinearUnderRe2() {
    List<IngressDefinition> ingresses = List.of(ingress("evil")
        .paths(on("h.com", specific("/(a+)+$", "evil")), on("h.com", specific("/ok", "ok")))
        .nginx(true, null).build());
    String hostile = "/" + "a".repeat(100_000) + "!";
    for (RequestRouter router : List.of(Routers.compile(ingresses, Controller.NGINX),
        Routers.reference(ingresses, Controller.NGINX))) {
      long start = System.nanoTime();
      assertThat(router.route(HttpRequest.get("h.com", hostile)).describe()).isEqualTo("404");
      assertThat(System.nanoTime() - start).as("nanoseconds").isLessThan(3_000_000_000L);
    }
  }
}
