package dev.svcnet.benchmarks.netfilter;

import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.RuleSetCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing and writing kube-proxy's nat table at about 10,000 services: 9,091 services with three
 * endpoints each, 100,004 rules, 14.7 MB of iptables-save text ({@link KubeProxyDump}). {@code
 * parse} reads the text into the typed model (every rule validated); {@code write} prints the model
 * back as iptables-save text (the form iptables-restore takes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class NetfilterCodecBenchmark {
  static final int SERVICES = 9_091;
  static final int ENDPOINTS = 3;

  private final RuleSetCodec codec = RuleSetCodec.standard();
  String text;
  RuleSet ruleSet;

  @Setup(Level.Trial)
  public void setUp() {
    text = KubeProxyDump.nat(SERVICES, ENDPOINTS);
    ruleSet = codec.parse(text, IpFamily.IPV4);
  }

  @Benchmark
  public RuleSet parse() {
    return codec.parse(text, IpFamily.IPV4);
  }

  @Benchmark
  public String write() {
    return codec.format(ruleSet, false);
  }
}
