package dev.svcnet.benchmarks.lb;

import dev.svcnet.lb.Backend;
import dev.svcnet.lb.Balancer;
import dev.svcnet.lb.Balancers;
import java.util.ArrayList;
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

/** Building a Maglev table (65537 entries by default) for 1,000 backends. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class MaglevBuildBenchmark {

  @Param({"65537"})
  public int tableSize;

  @Param({"1000"})
  public int backendCount;

  private Balancer maglev;
  private List<Backend> backends;

  @Setup
  public void setUp() {
    maglev = Balancers.maglev(tableSize);
    backends = new ArrayList<>();
    for (int i = 0; i < backendCount; i++) {
      backends.add(Backend.of("10.3." + (i >> 8) + "." + (i & 0xFF) + ":8080"));
    }
  }

  @Benchmark
  public Balancer build() {
    maglev.update(backends);
    return maglev;
  }
}
