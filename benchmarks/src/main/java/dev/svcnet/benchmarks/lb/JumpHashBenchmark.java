package dev.svcnet.benchmarks.lb;

import com.google.common.hash.Hashing;
import dev.svcnet.lb.internal.JumpHashBalancer;
import java.util.SplittableRandom;
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

/** svcnet's jump consistent hash against Guava's {@code Hashing.consistentHash}, same keys. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class JumpHashBenchmark {

  private static final int INPUTS = 4096;

  @Param({"10", "1000", "10000"})
  public int buckets;

  private long[] keys;
  private int next;

  @Setup
  public void setUp() {
    keys = new SplittableRandom(7).longs(INPUTS).toArray();
  }

  @Benchmark
  public int svcnet() {
    next = (next + 1) & (INPUTS - 1);
    return JumpHashBalancer.bucket(keys[next], buckets);
  }

  @Benchmark
  public int guava() {
    next = (next + 1) & (INPUTS - 1);
    return Hashing.consistentHash(keys[next], buckets);
  }
}
