package dev.svcnet.benchmarks.ingress;

import dev.svcnet.ingress.GatewayRouteResult;
import dev.svcnet.ingress.HttpRequest;
import dev.svcnet.ingress.HttpRouteDefinition;
import dev.svcnet.ingress.HttpRouteMatch;
import dev.svcnet.ingress.HttpRouteRouter;
import dev.svcnet.ingress.HttpRouteRule;
import dev.svcnet.ingress.ValueMatch;
import dev.svcnet.ingress.WeightedBackend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One HTTPRoute lookup over {@code routes} routes (one hostname each, ten routes per host,
 * three rules each: a header-matched canary, a PathPrefix and an Exact path), indexed router
 * against the precedence-sorted scan in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HttpRouteLookupBenchmark {

  @Param({"1000"})
  int routes;

  HttpRouteRouter indexed;
  HttpRouteRouter scan;
  HttpRequest[] requests;
  int next;

  @Setup
  public void setUp() {
    List<HttpRouteDefinition> defs = new ArrayList<>();
    int hosts = Math.max(1, routes / 10);
    for (int i = 0; i < routes; i++) {
      String host = "h" + (i % hosts) + ".example.com";
      String base = "/app" + (i / hosts);
      List<HttpRouteRule> rules = List.of(
          new HttpRouteRule(0, List.of(new HttpRouteMatch(HttpRouteMatch.PathMatchType.PATH_PREFIX,
              base, List.of(new ValueMatch("x-canary", false, "yes")), List.of(), null)),
              List.of(new WeightedBackend("gw", "canary" + i, 80, 1)), List.of()),
          new HttpRouteRule(1, List.of(new HttpRouteMatch(HttpRouteMatch.PathMatchType.PATH_PREFIX,
              base, List.of(), List.of(), null)),
              List.of(new WeightedBackend("gw", "stable" + i, 80, 1)), List.of()),
          new HttpRouteRule(2, List.of(new HttpRouteMatch(HttpRouteMatch.PathMatchType.EXACT,
              base + "/health", List.of(), List.of(), "GET")),
              List.of(new WeightedBackend("gw", "health" + i, 80, 1)), List.of()));
      defs.add(new HttpRouteDefinition("gw", "route" + i, Instant.ofEpochSecond(i),
          List.of(host), rules));
    }
    indexed = HttpRouteRouter.of(defs, null);
    scan = HttpRouteRouter.reference(defs, null);
    Random random = new Random(42);
    requests = new HttpRequest[1024];
    for (int i = 0; i < requests.length; i++) {
      HttpRequest r = HttpRequest.get("h" + random.nextInt(hosts + 2) + ".example.com",
          "/app" + random.nextInt(12) + (random.nextBoolean() ? "/health" : "/items/7"));
      requests[i] = random.nextInt(4) == 0 ? r.withHeader("X-Canary", "yes") : r;
    }
  }

  private HttpRequest nextRequest() {
    HttpRequest r = requests[next];
    next = (next + 1) & (requests.length - 1);
    return r;
  }

  @Benchmark
  public GatewayRouteResult indexedLookup() {
    return indexed.route(nextRequest());
  }

  @Benchmark
  public GatewayRouteResult precedenceScan() {
    return scan.route(nextRequest());
  }
}
