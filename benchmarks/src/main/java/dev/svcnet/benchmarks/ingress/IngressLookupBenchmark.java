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
import java.util.List;
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

/**
 * One routing lookup over {@code paths} Ingress paths spread over {@code paths / 10} hosts
 * (ten paths per host, Exact and Prefix, two and three segments deep), compiled router against
 * the literal rule-by-rule spec scan in the same run. Requests cycle through 1,024 fixed
 * requests: mostly hits, some unknown paths and hosts.
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
  HttpRequest[] requests;
  int next;

  @Setup(Level.Trial)
  public void setUp() {
    ingresses = ingresses(paths);
    compiledSpec = Routers.compile(ingresses, Controller.SPEC);
    literalSpec = Routers.reference(ingresses, Controller.SPEC);
    compiledNginx = Routers.compile(ingresses, Controller.NGINX);
    requests = requests(paths / 10, 1024);
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
}
