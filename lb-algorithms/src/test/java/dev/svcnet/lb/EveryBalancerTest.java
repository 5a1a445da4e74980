package dev.svcnet.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties every in-process balancer shares, over every variant. */
class EveryBalancerTest {

  static Stream<Arguments> variants() {
    return Stream.of(
        Arguments.of("maglev", (Supplier<Balancer>) Balancers::maglev),
        Arguments.of("ring hash", (Supplier<Balancer>) Balancers::ringHash),
        Arguments.of("jump hash", (Supplier<Balancer>) Balancers::jumpHash),
        Arguments.of("least request", (Supplier<Balancer>) () -> Balancers.leastRequest(1)),
        Arguments.of("smooth wrr", (Supplier<Balancer>) Balancers::smoothWeightedRoundRobin),
        Arguments.of("iptables random", (Supplier<Balancer>) () -> Balancers.iptablesRandom(1)));
  }

  private static List<Backend> backends(int n) {
    List<Backend> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(new Backend("10.2.0." + (i + 1) + ":80", 1 + i % 3));
    }
    return list;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void noBackendsOrOnlyWeightZeroPicksNull(String name, Supplier<Balancer> factory) {
    Balancer balancer = factory.get();
    assertThat(balancer.next()).isNull();
    balancer.update(List.of(new Backend("a", 0), new Backend("b", 0)));
    assertThat(balancer.next()).isNull();
    assertThat(balancer.pick(42)).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void weightZeroBackendsAreNeverPickedAndTheOthersAllAre(String name,
      Supplier<Balancer> factory) {
    Balancer balancer = factory.get();
    List<Backend> list = new ArrayList<>(backends(5));
    list.add(2, new Backend("drained", 0));
    balancer.update(list);
    SplittableRandom random = new SplittableRandom(9);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < 5000; i++) {
      Backend picked = i % 2 == 0 ? balancer.next() : balancer.pick(random.nextLong());
      seen.add(picked.id());
      balancer.release(picked);
    }
    assertThat(seen).doesNotContain("drained").hasSize(5);
    assertThat(balancer.backends()).isEqualTo(list);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void duplicateIdsAreRejectedNamingBackends(String name, Supplier<Balancer> factory) {
    assertThatThrownBy(() -> factory.get().update(List.of(Backend.of("a"), Backend.of("a"))))
        .isInstanceOf(InvalidValueException.class)
        .extracting(e -> ((InvalidValueException) e).field()).isEqualTo("backends");
  }

  /**
   * The interface's promise: {@code pick}, {@code next} and {@code release} allocate nothing.
   * Measured with the thread's allocation counter over 20,000 picks after the JIT has compiled
   * the path (five rounds of warm-up), and required to be zero bytes.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void picksAllocateZeroBytes(String name, Supplier<Balancer> factory) {
    Balancer balancer = factory.get();
    balancer.update(backends(100));
    long[] keys = new SplittableRandom(3).longs(10_000).toArray();
    assertThat(PickAllocation.bytesPerRound(8, () -> {
      long sink = 0;
      for (long key : keys) {
        Backend picked = balancer.pick(key);
        sink += picked.weight();
        balancer.release(picked);
        Backend next = balancer.next();
        sink += next.weight();
        balancer.release(next);
      }
      return sink;
    })).as("bytes allocated by 20,000 picks after warm-up").isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void picksRaceWithUpdatesSafely(String name, Supplier<Balancer> factory) throws Exception {
    Balancer balancer = factory.get();
    balancer.update(backends(10));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread picker = new Thread(() -> {
      try {
        for (int i = 0; i < 200_000; i++) {
          Backend picked = balancer.pick(i * 0x9E3779B97F4A7C15L);
          if (picked == null) {
            throw new AssertionError("null pick with backends present");
          }
          balancer.release(picked);
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    picker.start();
    for (int i = 0; i < 200 && picker.isAlive(); i++) {
      balancer.update(backends(5 + i % 10));
    }
    picker.join();
    assertThat(failure.get()).isNull();
  }
}
