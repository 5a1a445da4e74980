package dev.svcnet.benchmarks.lb;

import dev.svcnet.lb.Backend;
import dev.svcnet.lb.Balancer;
import dev.svcnet.lb.Balancers;
import dev.svcnet.lb.DestinationConfig;
import dev.svcnet.lb.Endpoint;
import dev.svcnet.lb.IpvsScheduler;
import dev.svcnet.lb.IpvsService;
import dev.svcnet.lb.IpvsServiceConfig;
import dev.svcnet.lb.Packet;
import dev.svcnet.lb.Protocol;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
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
 * Cost of one pick at 10, 1,000 and 10,000 destinations: the IPVS scheduler models
 * ({@link IpvsService#schedule}, no connection bound) and the in-process balancers. Inputs
 * (client packets, 64-bit keys) are random and precomputed; the schedulers that read counters
 * (lc, wlc, sed, nq, ovf, lblc, lblcr, twos) see 3 connections per destination opened in setup,
 * half TCP (active) and half UDP (inactive) ({@code -indexed}: the O(log n) lc/wlc, same
 * decisions). mh uses a 65521-slot table because the kernel's 4093 cannot hold 10,000
 * destinations. lblc/lblcr cache the destination address: one virtual address, so every pick
 * after the first is a cache hit.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class LbPickBenchmark {

  private static final int INPUTS = 4096;
  private static final Set<IpvsScheduler> COUNTER_DRIVEN = EnumSet.of(IpvsScheduler.LC,
      IpvsScheduler.WLC, IpvsScheduler.SED, IpvsScheduler.NQ, IpvsScheduler.OVF,
      IpvsScheduler.LBLC, IpvsScheduler.LBLCR, IpvsScheduler.TWOS);

  @Param({"rr", "wrr", "lc", "wlc", "lc-indexed", "wlc-indexed", "sed", "nq", "fo", "ovf", "sh",
      "dh", "mh", "lblc", "lblcr", "twos", "maglev", "ring", "jump", "p2c", "swrr", "iptables"})
  public String algorithm;

  @Param({"10", "1000", "10000"})
  public int destinations;

  private IpvsService ipvs;
  private Balancer balancer;
  private Packet[] packets;
  private long[] keys;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws UnknownHostException {
    SplittableRandom random = new SplittableRandom(20261126);
    packets = new Packet[INPUTS];
    keys = new long[INPUTS];
    Endpoint vip = Endpoint.of("10.96.0.1", 80);
    for (int i = 0; i < INPUTS; i++) {
      byte[] address = new byte[4];
      random.nextBytes(address);
      packets[i] = Packet.tcp(
          new Endpoint(InetAddress.getByAddress(address), 1024 + random.nextInt(64512)), vip);
      keys[i] = random.nextLong();
    }
    List<Backend> backends = new ArrayList<>();
    List<DestinationConfig> dests = new ArrayList<>();
    for (int i = 0; i < destinations; i++) {
      String address = "10." + (i >> 16 & 0xFF) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF);
      int weight = 1 + random.nextInt(4);
      backends.add(new Backend(address + ":8080", weight));
      dests.add(DestinationConfig.of(Endpoint.of(address, 8080), weight));
    }
    switch (algorithm) {
      case "maglev" -> balancer = Balancers.maglev();
      case "ring" -> balancer = Balancers.ringHash();
      case "jump" -> balancer = Balancers.jumpHash();
      case "p2c" -> balancer = Balancers.leastRequest(1);
      case "swrr" -> balancer = Balancers.smoothWeightedRoundRobin();
      case "iptables" -> balancer = Balancers.iptablesRandom(1);
      default -> {
        boolean indexed = algorithm.endsWith("-indexed");
        IpvsScheduler scheduler = IpvsScheduler.byName(algorithm.replace("-indexed", ""));
        ipvs = IpvsService.create(IpvsServiceConfig.of(scheduler).withMhTableSize(65521)
            .withIndexedLeastConnection(indexed));
        dests.forEach(ipvs::addDestination);
        if (COUNTER_DRIVEN.contains(scheduler)) {
          for (int i = 0; i < 3 * destinations; i++) {
            // Half TCP (active from the SYN), half UDP (always inactive): both counters in play.
            Packet packet = packets[i % INPUTS];
            ipvs.open(new Packet(random.nextBoolean() ? Protocol.UDP : Protocol.TCP,
                packet.client(), packet.service()));
          }
        }
      }
    }
    if (balancer != null) {
      balancer.update(backends);
    }
  }

  @Benchmark
  public Object pick() {
    int i = next = (next + 1) & (INPUTS - 1);
    if (ipvs != null) {
      return ipvs.schedule(packets[i]);
    }
    Backend picked = balancer.pick(keys[i]);
    balancer.release(picked);
    return picked;
  }
}
