package dev.svcnet.benchmarks.lb;

import dev.svcnet.lb.DestinationConfig;
import dev.svcnet.lb.Endpoint;
import dev.svcnet.lb.IpvsConnection;
import dev.svcnet.lb.IpvsScheduler;
import dev.svcnet.lb.IpvsService;
import dev.svcnet.lb.IpvsServiceConfig;
import dev.svcnet.lb.Packet;
import dev.svcnet.lb.Protocol;
import java.net.InetAddress;
import java.net.UnknownHostException;
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

/**
 * A whole least-connection decision as the kernel makes it: schedule, bind the connection (the
 * counters change, which the indexed variant pays for in O(log n)), then unbind it again so the
 * state stays stationary. Compares the kernel's O(n) scan with the indexed variant.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class LeastConnectionDecisionBenchmark {

  private static final int INPUTS = 4096;

  @Param({"lc", "wlc", "lc-indexed", "wlc-indexed"})
  public String algorithm;

  @Param({"10", "1000", "10000"})
  public int destinations;

  private IpvsService ipvs;
  private Packet[] packets;
  private int next;

  @Setup
  public void setUp() throws UnknownHostException {
    SplittableRandom random = new SplittableRandom(20261126);
    Endpoint vip = Endpoint.of("10.96.0.1", 80);
    packets = new Packet[INPUTS];
    for (int i = 0; i < INPUTS; i++) {
      byte[] address = new byte[4];
      random.nextBytes(address);
      packets[i] = Packet.tcp(
          new Endpoint(InetAddress.getByAddress(address), 1024 + random.nextInt(64512)), vip);
    }
    ipvs = IpvsService.create(
        IpvsServiceConfig.of(IpvsScheduler.byName(algorithm.replace("-indexed", "")))
            .withIndexedLeastConnection(algorithm.endsWith("-indexed")));
    for (int i = 0; i < destinations; i++) {
      ipvs.addDestination(DestinationConfig.of(
          Endpoint.of("10." + (i >> 16 & 0xFF) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF), 8080),
          1 + random.nextInt(4)));
    }
    for (int i = 0; i < 3 * destinations; i++) {
      // Half TCP (active from the SYN), half UDP (always inactive): both counters in play.
      Packet packet = packets[i % INPUTS];
      ipvs.open(new Packet(random.nextBoolean() ? Protocol.UDP : Protocol.TCP,
          packet.client(), packet.service()));
    }
  }

  @Benchmark
  public Endpoint openAndClose() {
    next = (next + 1) & (INPUTS - 1);
    IpvsConnection connection = ipvs.open(packets[next]).orElseThrow();
    ipvs.close(connection);
    return connection.destination();
  }
}
