package dev.svcnet.benchmarks.ipvs;

import dev.svcnet.harness.vm.RoutableDummy;
import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.ipvs.IpvsInfo;
import dev.svcnet.ipvs.IpvsOperation;
import dev.svcnet.ipvs.Protocol;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.ipvs.text.IpvsadmRules;
import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.NetworkNamespace;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Programming and dumping an IPVS table: svcnet's netlink client against the real
 * {@code ipvsadm-restore} / {@code ipvsadm -S -n} given the same rules, in the same kernel and
 * the same run. Needs IPVS, so it runs inside Debian's kernel under QEMU: start it with
 * {@link RunInKernelVm} (see docs/benchmarks/ipvs.md), never compare its figures with host ones.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// The full JIT (C1 then C2): RunInKernelVm boots the guest with single-threaded TCG, under which
// C2 runs (docs/benchmarks/ipvs.md). Crash reports go to the io directory, which outlives the guest.
// Both sides of each comparison run in the same guest, boot and fork.
@Fork(value = 1, jvmArgsAppend = {"-XX:ErrorFile=/svcnet-io/hs_err_%p.log"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class IpvsBenchmark {

  @Param({"1000"})
  int services;

  @Param({"10"})
  int destinations;

  private NetworkNamespace namespace;
  private IpvsClient client;
  private List<IpvsOperation> operations;
  private String rules;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    namespace = NetworkNamespace.create("ipvs-bench");
    namespace.run(RoutableDummy::add);
    client = namespace.call(IpvsClient::open);
    operations = new ArrayList<>();
    for (int i = 0; i < services; i++) {
      ServiceId id = ServiceId.of(Protocol.TCP,
          InetAddress.getByName("10.97." + (i / 256) + "." + (i % 256)), 80);
      operations.add(new IpvsOperation.AddService(VirtualService.of(id, "rr")));
      for (int d = 0; d < destinations; d++) {
        operations.add(new IpvsOperation.AddDestination(id, RealServer.of(
            InetAddress.getByName("10.244." + (i / 256) + "." + (i % 256)), 8000 + d,
            ForwardingMethod.MASQ)));
      }
    }
    client.apply(operations);
    rules = IpvsadmRules.write(client.dump());
  }

  /** The programming benchmarks start from an empty table; the dump benchmarks from a full one. */
  @State(Scope.Benchmark)
  public static class Empty {
    @Setup(Level.Invocation)
    public void flush(IpvsBenchmark bench) throws Exception {
      bench.client.flush();
    }

    @TearDown(Level.Invocation)
    public void refill(IpvsBenchmark bench) throws Exception {
      bench.client.flush();
      bench.client.apply(bench.operations);
    }
  }

  @Benchmark
  public int programWithSvcnet(Empty empty) throws Exception {
    client.apply(operations);
    return operations.size();
  }

  @Benchmark
  public int programWithIpvsadmRestore(Empty empty) throws Exception {
    CommandResult result = namespace.call(() -> new ExternalCommand(List.of("ipvsadm-restore"),
        rules.getBytes(java.nio.charset.StandardCharsets.US_ASCII), Duration.ofMinutes(5)).run());
    if (!result.succeeded()) {
      throw new IOException(result.describe());
    }
    return result.exitCode();
  }

  // The dumps get more warm-up than the single-shot programming runs: a long-lived caller (a
  // proxy reconciling every few seconds) dumps with warmed-up code; ipvsadm is native either way.
  // Under emulation the JIT needs about 25 dumps to settle (docs/benchmarks/ipvs.md, run 6).
  @Benchmark
  @Warmup(iterations = 30)
  public List<Service> dumpWithSvcnet() throws Exception {
    return client.dump();
  }

  /** The streaming dump: each service with its destinations handed over, nothing retained. */
  @Benchmark
  @Warmup(iterations = 30)
  public long dumpStreamingWithSvcnet() throws Exception {
    long[] destinationCount = new long[1];
    client.dump(service -> destinationCount[0] += service.destinations().size());
    return destinationCount[0];
  }

  @Benchmark
  @Warmup(iterations = 30)
  public String dumpWithIpvsadm() throws Exception {
    return namespace.call(() -> new ExternalCommand(List.of("ipvsadm", "-S", "-n"), null,
        Duration.ofMinutes(5)).runChecked());
  }

  /** One netlink round trip: the floor under every request. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 2, time = 1)
  @Measurement(iterations = 3, time = 1)
  public IpvsInfo roundTrip() throws Exception {
    return client.info();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
    namespace.close();
  }
}
