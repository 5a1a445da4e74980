package dev.svcnet.benchmarks.ingress;

import dev.svcnet.ingress.Controller;
import dev.svcnet.ingress.IngressDefinition;
import dev.svcnet.ingress.RequestRouter;
import dev.svcnet.ingress.Routers;
import java.util.List;
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

/** Compiling a router from {@code paths} Ingress paths (the same data as the lookup). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IngressCompileBenchmark {

  @Param({"10000"})
  int paths;

  List<IngressDefinition> ingresses;

  @Setup
  public void setUp() {
    ingresses = IngressLookupBenchmark.ingresses(paths);
  }

  @Benchmark
  public RequestRouter compileSpec() {
    return Routers.compile(ingresses, Controller.SPEC);
  }

  @Benchmark
  public RequestRouter compileNginx() {
    return Routers.compile(ingresses, Controller.NGINX);
  }
}
