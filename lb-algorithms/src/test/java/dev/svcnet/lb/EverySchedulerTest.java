package dev.svcnet.lb;

import static dev.svcnet.lb.Scenario.client;
import static dev.svcnet.lb.Scenario.picks;
import static dev.svcnet.lb.Scenario.rs;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.Set;
import java.util.stream.Stream;

/** Properties every scheduler shares, run over every variant (the HdrHistogram pattern). */
class EverySchedulerTest {

  private static IpvsServiceConfig config(IpvsScheduler scheduler, Set<SchedulerFlag> flags) {
    return IpvsServiceConfig.of(scheduler).withFlags(flags)
        .withClock(InstantSource.fixed(Instant.EPOCH)).withRandomSeed(42);
  }

  /** Every scheduler, and sh and mh also with each flag combination. */
  static final class Variants implements ArgumentsProvider {
    @Override
    public Stream<Arguments> provideArguments(ExtensionContext context) {
      List<Arguments> variants = new ArrayList<>();
      for (IpvsScheduler scheduler : IpvsScheduler.values()) {
        variants.add(Arguments.of(scheduler, Set.of()));
        if (scheduler == IpvsScheduler.SH || scheduler == IpvsScheduler.MH) {
          variants.add(Arguments.of(scheduler, Set.of(SchedulerFlag.FALLBACK)));
          variants.add(Arguments.of(scheduler, Set.of(SchedulerFlag.PORT)));
          variants.add(Arguments.of(scheduler,
              Set.of(SchedulerFlag.FALLBACK, SchedulerFlag.PORT)));
        }
      }
      return variants.stream();
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @ArgumentsSource(Variants.class)
  void anEmptyServicePicksNothing(IpvsScheduler scheduler, Set<SchedulerFlag> flags) {
    IpvsService service = Scenario.service(config(scheduler, flags));
    assertThat(service.open(client(1, 1000))).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1}")
  @ArgumentsSource(Variants.class)
  void onlyQuiescentDestinationsPicksNothing(IpvsScheduler scheduler, Set<SchedulerFlag> flags) {
    IpvsService service = Scenario.service(config(scheduler, flags), 0, 0, 0);
    assertThat(picks(service, 20)).containsOnlyNulls();
  }

  @ParameterizedTest(name = "{0} {1}")
  @ArgumentsSource(Variants.class)
  void aSingleDestinationGetsEveryConnection(IpvsScheduler scheduler, Set<SchedulerFlag> flags) {
    IpvsService service = Scenario.service(config(scheduler, flags), 3);
    if (scheduler == IpvsScheduler.OVF) {
      // ip_vs_ovf.c skips a destination with more active connections than its weight; every
      // connection here is a TCP SYN, active at once: 4 fit (0..3 active before each), then none.
      assertThat(picks(service, 6)).containsExactly(rs(1), rs(1), rs(1), rs(1), null, null);
    } else {
      assertThat(picks(service, 30)).containsOnly(rs(1));
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @ArgumentsSource(Variants.class)
  void aQuiescedDestinationGetsNoNewConnections(IpvsScheduler scheduler,
      Set<SchedulerFlag> flags) {
    IpvsService service = Scenario.service(config(scheduler, flags), 1, 2, 1, 3);
    service.updateDestination(DestinationConfig.of(rs(2), 0));
    assertThat(picks(service, 200)).doesNotContain(rs(2));
  }

  @ParameterizedTest(name = "{0} {1}")
  @ArgumentsSource(Variants.class)
  void theSameEventsGiveTheSameDecisions(IpvsScheduler scheduler, Set<SchedulerFlag> flags) {
    long seed = new SplittableRandom().nextLong();
    assertThat(replay(config(scheduler, flags), seed))
        .as("seed %d", seed).isEqualTo(replay(config(scheduler, flags), seed));
  }

  /** The hashing schedulers' pick path (sh, dh, mh with every flag) allocates nothing for IPv4. */
  static Stream<Arguments> hashingVariants() {
    return new Variants().provideArguments(null).filter(a -> Set.of(IpvsScheduler.SH,
        IpvsScheduler.DH, IpvsScheduler.MH).contains(a.get()[0]));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("hashingVariants")
  void hashingPicksAllocateZeroBytes(IpvsScheduler scheduler, Set<SchedulerFlag> flags) {
    IpvsService service = Scenario.service(config(scheduler, flags), 1, 2, 3, 4, 5);
    Packet[] packets = new Packet[4096];
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < packets.length; i++) {
      packets[i] = new Packet(Protocol.TCP, Endpoint.of("172.16." + random.nextInt(256) + "."
          + random.nextInt(256), 1024 + random.nextInt(60000)),
          Endpoint.of("10.96.0." + (1 + random.nextInt(200)), 80));
    }
    assertThat(PickAllocation.bytesPerRound(8, () -> {
      long sink = 0;
      for (int repeat = 0; repeat < 5; repeat++) {
        for (Packet packet : packets) {
          sink += service.schedule(packet).port();
        }
      }
      return sink;
    })).as("bytes allocated by 20,480 picks after warm-up").isZero();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(IpvsScheduler.class)
  void everySchedulerIsKnownByItsKernelName(IpvsScheduler scheduler) {
    assertThat(IpvsScheduler.byName(scheduler.kernelName())).isSameAs(scheduler);
  }

  /** A random mix of destination changes and connection events; returns the decisions. */
  private static List<Optional<Endpoint>> replay(IpvsServiceConfig config, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    IpvsService service = IpvsService.create(config);
    List<IpvsConnection> open = new ArrayList<>();
    List<Optional<Endpoint>> decisions = new ArrayList<>();
    for (int step = 0; step < 300; step++) {
      int action = random.nextInt(10);
      Endpoint endpoint = rs(1 + random.nextInt(6));
      boolean present = service.destinations().stream()
          .anyMatch(d -> d.endpoint().equals(endpoint));
      if (action == 0) {
        DestinationConfig destination = DestinationConfig.of(endpoint, random.nextInt(4));
        if (present) {
          service.updateDestination(destination);
        } else {
          service.addDestination(destination);
        }
      } else if (action == 1 && present) {
        service.removeDestination(endpoint);
      } else if (action == 2 && !open.isEmpty()) {
        service.close(open.remove(random.nextInt(open.size())));
      } else if (action == 3 && !open.isEmpty()) {
        service.established(open.get(random.nextInt(open.size())));
      } else {
        Optional<IpvsConnection> connection =
            service.open(client(random.nextInt(1000), 1024 + random.nextInt(60000)));
        connection.ifPresent(open::add);
        decisions.add(connection.map(IpvsConnection::destination));
      }
    }
    return decisions;
  }
}
