package dev.svcnet.benchmarks.ipvs;

import dev.svcnet.harness.vm.RoutableDummy;
import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.ipvs.IpvsOperation;
import dev.svcnet.ipvs.Protocol;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.netlink.netns.NetworkNamespace;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
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
 * How much heap the dump keeps alive while it runs, at 1,000 and 10,000 services: the live heap
 * (used after a full collection) is sampled ten times during each dump, and the fork's heap is
 * capped ({@code -Xmx32m}, smaller than the 10,000-service table held as a list). The streaming
 * {@code IpvsClient.dump(Consumer)} against {@code IpvsClient.dump()}, which returns the table.
 * The time scores include the ten collections and are not speed figures (see
 * {@link IpvsBenchmark}); the heap figures are printed at the end of each trial. Runs in the QEMU
 * guest through {@link RunInKernelVm}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx32m", "-XX:+UseSerialGC",
    "-XX:ErrorFile=/svcnet-io/hs_err_%p.log"})
@Warmup(iterations = 1)
@Measurement(iterations = 2)
public class IpvsDumpMemoryBenchmark {

  private static final int SAMPLES_PER_DUMP = 10;
  private static final int SERVICES_PER_BATCH = 100;

  @Param({"1000", "10000"})
  int services;

  @Param({"10"})
  int destinations;

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private NetworkNamespace namespace;
  private IpvsClient client;
  private long liveBefore;
  private long livePeak;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    namespace = NetworkNamespace.create("ipvs-dump-memory");
    namespace.run(RoutableDummy::add);
    client = namespace.call(IpvsClient::open);
    // Programmed in batches so that the benchmark itself holds nothing of the table.
    for (int first = 0; first < services; first += SERVICES_PER_BATCH) {
      List<IpvsOperation> batch = new ArrayList<>();
      for (int i = first; i < Math.min(services, first + SERVICES_PER_BATCH); i++) {
        ServiceId id = ServiceId.of(Protocol.TCP,
            InetAddress.getByName("10.97." + (i / 256) + "." + (i % 256)), 80);
        batch.add(new IpvsOperation.AddService(VirtualService.of(id, "rr")));
        for (int d = 0; d < destinations; d++) {
          batch.add(new IpvsOperation.AddDestination(id, RealServer.of(
              InetAddress.getByName("10.244." + (i / 256) + "." + (i % 256)), 8000 + d,
              ForwardingMethod.MASQ)));
        }
      }
      client.apply(batch);
    }
    liveBefore = live();
    livePeak = 0;
  }

  private long live() {
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** The streaming dump: each service with its destinations handed over, then dropped. */
  @Benchmark
  public long streamingDump() throws Exception {
    int every = Math.max(1, services / SAMPLES_PER_DUMP);
    long[] seen = new long[2];
    client.dump(service -> {
      seen[0] += service.destinations().size();
      if (++seen[1] % every == 0) {
        livePeak = Math.max(livePeak, live());
      }
    });
    return seen[0];
  }

  /** The whole table as a list, sampled once it is complete. */
  @Benchmark
  public int listDump() throws Exception {
    List<Service> table = client.dump();
    livePeak = Math.max(livePeak, live());
    return table.size();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.printf("%nlive heap at %d services x %d destinations: %d KiB before the dumps,"
        + " peak %d KiB while dumping (%+d KiB), heap limit %d KiB%n", services, destinations,
        liveBefore / 1024, livePeak / 1024, (livePeak - liveBefore) / 1024,
        Runtime.getRuntime().maxMemory() / 1024);
    client.close();
    namespace.close();
  }
}
