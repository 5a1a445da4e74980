package dev.svcnet.benchmarks.ingress;

import dev.svcnet.ingress.Controller;
import dev.svcnet.ingress.HttpRequest;
import dev.svcnet.ingress.IngressDefinition;
import dev.svcnet.ingress.IngressRef;
import dev.svcnet.ingress.NginxAnnotations;
import dev.svcnet.ingress.PathRule;
import dev.svcnet.ingress.PathType;
import dev.svcnet.ingress.RequestRouter;
import dev.svcnet.ingress.RouteResult;
import dev.svcnet.ingress.Routers;
import dev.svcnet.ingress.ServiceBackend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * One routing lookup over {@code paths} Ingress paths spread over {@code paths / 10} hosts
 * (ten paths per host, Exact and Prefix, two and three segments deep), compiled router against
 * the literal rule-by-rule spec scan in the same run. Requests cycle through 1,024 fixed
 * requests: mostly hits, some unknown paths and hosts.
 *
 * <p>Peer: Spring's {@link PathPattern} over the same paths (Exact as the literal pattern,
 * Prefix as {@code path/**}, which matches the path itself and whole segments below it), in a
 * hash map by host, each host's patterns sorted most specific first
 * ({@link PathPattern#SPECIFICITY_COMPARATOR}) and tried in turn, as Spring's handler mapping
 * does; the request path is parsed into a {@link PathContainer} per lookup, as Spring does per
 * request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IngressLookupBenchmark {

  @Param({"100", "10000"})
  int paths;

  List<IngressDefinition> ingresses;
  RequestRouter compiledSpec;
  RequestRouter literalSpec;
  RequestRouter compiledNginx;
  Map<String, List<PathPatternRoute>> springByHost;
  HttpRequest[] requests;
  int next;

  /** One Spring pattern and the backend it stands for. */
  record PathPatternRoute(PathPattern pattern, ServiceBackend backend) {}

  @Setup(Level.Trial)
  public void setUp() {
    ingresses = ingresses(paths);
    compiledSpec = Routers.compile(ingresses, Controller.SPEC);
    literalSpec = Routers.reference(ingresses, Controller.SPEC);
    compiledNginx = Routers.compile(ingresses, Controller.NGINX);
    springByHost = springPatterns(ingresses);
    requests = requests(paths / 10, 1024);
    // The peer must do the same job: same backend (or none) as the compiled router.
    for (int i = 0; i < requests.length; i++) {
      RouteResult expected = compiledSpec.route(requests[i]);
      ServiceBackend spring = springPathPatternLookup();
      String want = expected instanceof RouteResult.RuleMatch m ? m.rule().backend().describe() : null;
      String got = spring == null ? null : spring.describe();
      if (!java.util.Objects.equals(want, got)) {
        throw new IllegalStateException("PathPattern peer disagrees on " + requests[i].describe()
            + ": " + got + " vs " + want);
      }
    }
    next = 0;
  }

  /** One Ingress per host, ten paths each. */
  static List<IngressDefinition> ingresses(int paths) {
    List<IngressDefinition> out = new ArrayList<>();
    int hosts = Math.max(1, paths / 10);
    for (int h = 0; h < hosts; h++) {
      IngressRef ref = new IngressRef("ns" + (h % 7), "ing" + h, Instant.ofEpochSecond(h));
      String host = "h" + h + ".example.com";
      List<PathRule> rules = new ArrayList<>();
      for (int p = 0; p < 10; p++) {
        PathType type = p % 3 == 0 ? PathType.EXACT : PathType.PREFIX;
        String path = "/svc" + p + "/v" + (p % 2 + 1) + (p % 4 == 0 ? "/items" : "");
        rules.add(new PathRule(ref, 0, p, host, path, type,
            ServiceBackend.ofNumber(ref.namespace(), "svc" + h + "-" + p, 8080)));
      }
      out.add(new IngressDefinition(ref, List.of(host), rules, Optional.empty(),
          NginxAnnotations.NONE));
    }
    return out;
  }

  static Map<String, List<PathPatternRoute>> springPatterns(List<IngressDefinition> ingresses) {
    PathPatternParser parser = new PathPatternParser();
    Map<String, List<PathPatternRoute>> byHost = new HashMap<>();
    for (IngressDefinition ingress : ingresses) {
      for (PathRule rule : ingress.rules()) {
        String text = rule.pathType() == PathType.EXACT ? rule.path() : rule.path() + "/**";
        byHost.computeIfAbsent(rule.host(), h -> new ArrayList<>())
            .add(new PathPatternRoute(parser.parse(text), (ServiceBackend) rule.backend()));
      }
    }
    for (List<PathPatternRoute> routes : byHost.values()) {
      routes.sort((a, b) -> PathPattern.SPECIFICITY_COMPARATOR.compare(a.pattern(), b.pattern()));
    }
    return byHost;
  }

  static HttpRequest[] requests(int hosts, int count) {
    Random random = new Random(42);
    HttpRequest[] out = new HttpRequest[count];
    for (int i = 0; i < count; i++) {
      int h = random.nextInt(hosts + hosts / 10 + 1);
      int p = random.nextInt(12);
      String path = "/svc" + p + "/v" + (p % 2 + 1) + (p % 4 == 0 ? "/items" : "")
          + (random.nextBoolean() ? "/42/details" : "");
      out[i] = HttpRequest.get("h" + h + ".example.com", path);
    }
    return out;
  }

  private HttpRequest nextRequest() {
    HttpRequest r = requests[next];
    next = (next + 1) & (requests.length - 1);
    return r;
  }

  @Benchmark
  public RouteResult compiledSpecLookup() {
    return compiledSpec.route(nextRequest());
  }

  @Benchmark
  public RouteResult literalSpecScan() {
    return literalSpec.route(nextRequest());
  }

  @Benchmark
  public RouteResult compiledNginxLookup() {
    return compiledNginx.route(nextRequest());
  }

  /** Spring's PathPattern peer: the backend of the most specific matching pattern, or null. */
  @Benchmark
  public ServiceBackend springPathPatternLookup() {
    HttpRequest request = nextRequest();
    List<PathPatternRoute> routes = springByHost.get(request.host().toLowerCase(Locale.ROOT));
    if (routes == null) {
      return null;
    }
    PathContainer path = PathContainer.parsePath(request.path());
    for (PathPatternRoute route : routes) {
      if (route.pattern().matches(path)) {
        return route.backend();
      }
    }
    return null;
  }
}
