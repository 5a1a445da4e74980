package dev.svcnet.benchmarks.proxy;

import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesProfile;
import dev.svcnet.proxy.IptablesRenderer;
import dev.svcnet.proxy.IpvsPlan;
import dev.svcnet.proxy.IpvsPlanner;
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
 * kube-proxy's output for a {@link SyntheticCluster} of {@code services} x {@code endpoints},
 * computed from the parsed objects (parsing is setup, not measured), in a fork with a 256 MB
 * heap: the full iptables-restore payload, the IPVS plan, and the payload of one service alone
 * (the chains a partial sync rewrites for it; see docs/benchmarks/service-proxy.md for what a
 * real partial sync writes besides).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
public class ServiceProxyRenderBenchmark {

  @Param({"10000"})
  int services;

  @Param({"10"})
  int endpoints;

  ClusterState cluster;
  ClusterState oneService;
  IptablesOptions options;

  @Setup
  public void setUp() {
    cluster = SyntheticCluster.of(services, endpoints);
    oneService = SyntheticCluster.single(services / 2, endpoints);
    options = IptablesOptions.defaults(IptablesProfile.CURRENT);
  }

  @Benchmark
  public String fullIptablesPayload() {
    return IptablesRenderer.render(cluster, SyntheticCluster.NODE, IpFamily.IPV4, options);
  }

  @Benchmark
  public String oneServiceIptablesPayload() {
    return IptablesRenderer.render(oneService, SyntheticCluster.NODE, IpFamily.IPV4, options);
  }

  @Benchmark
  public IpvsPlan fullIpvsPlan() {
    return IpvsPlanner.plan(cluster, SyntheticCluster.NODE, IpFamily.IPV4,
        IpvsPlanner.DEFAULT_SCHEDULER);
  }
}
