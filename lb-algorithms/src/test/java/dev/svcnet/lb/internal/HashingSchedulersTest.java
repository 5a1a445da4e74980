package dev.svcnet.lb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.svcnet.lb.Endpoint;
import dev.svcnet.lb.Packet;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashingSchedulersTest {

  private static final Endpoint VIP = Endpoint.of("10.96.0.1", 80);

  private static Packet from(int address, int port) {
    return Packet.tcp(new Endpoint(addr(address), port), VIP);
  }

  private static java.net.InetAddress addr(int v) {
    try {
      return java.net.InetAddress.getByAddress(
          new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static Map<Dest, Integer> counts(Dest[] table) {
    Map<Dest, Integer> counts = new IdentityHashMap<>();
    for (Dest dest : table) {
      counts.merge(dest, 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void shTableGivesEachDestinationWeightConsecutiveBucketsCyclingThroughTheList() {
    List<Dest> dests = Dests.weights(3, 0, 2);
    SourceHashingScheduler sh = new SourceHashingScheduler(false, false);
    sh.added(dests, dests.get(0));
    Dest[] table = sh.table();
    // weight 0 still takes one bucket; the cycle is 3 + 1 + 2 = 6 buckets long
    for (int i = 0; i < SourceHashingScheduler.TABLE_SIZE; i++) {
      int inCycle = i % 6;
      Dest expected = inCycle < 3 ? dests.get(0) : inCycle == 3 ? dests.get(1) : dests.get(2);
      assertThat(table[i]).as("bucket %d", i).isSameAs(expected);
    }
  }

  @Test
  void shKeyIsTheTop8BitsOfPortPlusAddressTimesTheGoldenRatio() {
    // hash_32(v, 8) = (v * 0x61C88647) >>> 24, computed here with unsigned long arithmetic
    qt().forAll(integers().all(), integers().between(0, 65535)).checkAssert((a, p) -> {
      long product = ((Integer.toUnsignedLong(a) + p) * 0x61C88647L) & 0xFFFFFFFFL;
      assertThat(SourceHashingScheduler.bucket(a, p, 0)).isEqualTo((int) (product >>> 24));
    });
  }

  @Test
  void shIsDeterministicPerClientAndFallsBackOnlyWithTheFlag() {
    List<Dest> dests = Dests.weights(1, 1, 1, 1);
    SourceHashingScheduler plain = new SourceHashingScheduler(false, false);
    SourceHashingScheduler fallback = new SourceHashingScheduler(true, false);
    plain.added(dests, dests.get(0));
    fallback.added(dests, dests.get(0));
    qt().forAll(integers().all(), integers().between(1, 65535)).checkAssert((a, port) -> {
      Dest first = plain.schedule(dests, from(a, port));
      assertThat(plain.schedule(dests, from(a, port + 1 > 65535 ? 1 : port + 1)))
          .as("without sh-port the port does not matter").isSameAs(first);
      first.overloaded = true;
      try {
        assertThat(plain.schedule(dests, from(a, port))).isNull();
        Dest other = fallback.schedule(dests, from(a, port));
        assertThat(other).isNotNull().isNotSameAs(first);
      } finally {
        first.overloaded = false;
      }
    });
  }

  @Test
  void shPortSpreadsOneClientAddressOverDestinations() {
    List<Dest> dests = Dests.weights(1, 1, 1, 1);
    SourceHashingScheduler sh = new SourceHashingScheduler(false, true);
    sh.added(dests, dests.get(0));
    Map<Dest, Integer> seen = new IdentityHashMap<>();
    for (int port = 1024; port < 1124; port++) {
      seen.merge(sh.schedule(dests, from(0x0A000001, port)), 1, Integer::sum);
    }
    assertThat(seen).hasSize(4);
  }

  @Test
  void dhHashesTheDestinationAddressIntoBucketsIModN() {
    List<Dest> dests = Dests.weights(5, 1, 1);
    DestinationHashingScheduler dh = new DestinationHashingScheduler();
    dh.added(dests, dests.get(0));
    int bucket = KernelHash.hash32(KernelHash.foldedAddress(VIP.address()), 8);
    Dest expected = dests.get(bucket % 3);
    assertThat(dh.schedule(dests, from(1, 1))).isSameAs(expected);
    assertThat(dh.schedule(dests, from(99, 2))).as("the client does not matter")
        .isSameAs(expected);
    expected.weight = 0;
    assertThat(dh.schedule(dests, from(1, 1))).as("quiescent: no fallback").isNull();
  }

  @Test
  void mhWithEqualWeightsGivesEveryDestinationFloorOrCeilingOfMOverN() {
    qt().withExamples(30).forAll(integers().between(1, 40)).checkAssert(n -> {
      int[] weights = new int[n];
      Arrays.fill(weights, 3);
      List<Dest> dests = Dests.weights(weights);
      MaglevHashingScheduler mh = new MaglevHashingScheduler(4093, false, false);
      mh.added(dests, dests.get(0));
      Map<Dest, Integer> counts = counts(mh.table());
      assertThat(counts.keySet()).hasSize(n).doesNotContainNull();
      assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(4093 / n,
          (4093 + n - 1) / n));
    });
  }

  @Test
  void mhWeightsTakeConsecutiveTurnsInListOrder() {
    // Turns 2 and 1: rounds of X, X, Y; 4093 = 3 * 1364 + 1 and the last slot goes to the first.
    List<Dest> heavyFirst = Dests.weights(2, 1);
    MaglevHashingScheduler mh = new MaglevHashingScheduler(4093, false, false);
    mh.added(heavyFirst, heavyFirst.get(0));
    Map<Dest, Integer> counts = counts(mh.table());
    assertThat(counts.get(heavyFirst.get(0))).isEqualTo(2729);
    assertThat(counts.get(heavyFirst.get(1))).isEqualTo(1364);

    List<Dest> lightFirst = Dests.weights(1, 2);
    mh.added(lightFirst, lightFirst.get(0));
    counts = counts(mh.table());
    assertThat(counts.get(lightFirst.get(0))).isEqualTo(1365);
    assertThat(counts.get(lightFirst.get(1))).isEqualTo(2728);
  }

  @Test
  void mhShiftsLargeWeightRatiosIntoSixBits() {
    // 1000/1: gcd 1, fls(1000) = 10, shift 4: turns 62 and 1; 4093 = 63 * 64 + 61.
    List<Dest> dests = Dests.weights(1000, 1);
    MaglevHashingScheduler mh = new MaglevHashingScheduler(4093, false, false);
    mh.added(dests, dests.get(0));
    Map<Dest, Integer> counts = counts(mh.table());
    assertThat(counts.get(dests.get(0))).isEqualTo(62 * 64 + 61);
    assertThat(counts.get(dests.get(1))).isEqualTo(64);
  }

  @Test
  void mhTableSizeIsTheConfiguredPrime() {
    List<Dest> dests = Dests.weights(1, 1, 1);
    MaglevHashingScheduler mh = new MaglevHashingScheduler(251, false, false);
    mh.added(dests, dests.get(0));
    assertThat(mh.table()).hasSize(251).doesNotContainNull();
  }

  @Test
  void mhQuiescingKeepsTheSlotsAndFallbackFindsAnotherDestination() {
    List<Dest> dests = Dests.weights(1, 1, 1);
    MaglevHashingScheduler plain = new MaglevHashingScheduler(4093, false, false);
    MaglevHashingScheduler fallback = new MaglevHashingScheduler(4093, true, false);
    plain.added(dests, dests.get(0));
    fallback.added(dests, dests.get(0));
    Dest[] before = plain.table();
    Dest quiesced = dests.get(1);
    quiesced.weight = 0; // lastWeight stays 1, as in the kernel on an edit to weight 0
    plain.updated(dests, quiesced);
    fallback.updated(dests, quiesced);
    assertThat(plain.table()).containsExactly(before);
    qt().forAll(integers().all()).checkAssert(a -> {
      Dest hashed = before[(int) (Integer.toUnsignedLong(
          MaglevHashingScheduler.hashKey(a, 0, MaglevHashingScheduler.HASH1_KEY, 0)) % 4093)];
      if (hashed == quiesced) {
        assertThat(plain.schedule(dests, from(a, 1))).isNull();
        assertThat(fallback.schedule(dests, from(a, 1))).isNotNull().isNotSameAs(quiesced);
      } else {
        assertThat(plain.schedule(dests, from(a, 1))).isSameAs(hashed);
      }
    });
  }

  @Test
  void mhIgnoresDestinationsAddedWithWeightZeroAndIsEmptyWithoutWeights() {
    List<Dest> dests = Dests.weights(0, 2);
    MaglevHashingScheduler mh = new MaglevHashingScheduler(4093, false, false);
    mh.added(dests, dests.get(0));
    assertThat(counts(mh.table())).containsOnlyKeys(dests.get(1));
    List<Dest> none = Dests.weights(0, 0);
    mh.added(none, none.get(0));
    assertThat(mh.table()).containsOnlyNulls();
  }

  @Test
  void hashingSchedulersAreDeterministicPerFlow() {
    qt().withExamples(50).forAll(lists().of(integers().between(0, 9)).ofSizeBetween(1, 12),
        integers().all(), integers().between(0, 65535)).checkAssert((weights, a, port) -> {
          int[] w = weights.stream().mapToInt(Integer::intValue).toArray();
          for (boolean usePort : new boolean[] {false, true}) {
            List<Dest> one = Dests.weights(w);
            List<Dest> two = Dests.weights(w);
            Scheduler[] first = {new SourceHashingScheduler(true, usePort),
                new MaglevHashingScheduler(251, true, usePort)};
            Scheduler[] second = {new SourceHashingScheduler(true, usePort),
                new MaglevHashingScheduler(251, true, usePort)};
            for (int s = 0; s < first.length; s++) {
              first[s].added(one, one.get(0));
              second[s].added(two, two.get(0));
              Dest x = first[s].schedule(one, from(a, port));
              Dest y = second[s].schedule(two, from(a, port));
              assertThat(x == null ? null : x.endpoint)
                  .isEqualTo(y == null ? null : y.endpoint)
                  .isEqualTo(firstEndpoint(first[s].schedule(one, from(a, port))));
            }
          }
        });
  }

  private static Endpoint firstEndpoint(Dest dest) {
    return dest == null ? null : dest.endpoint;
  }

  @Test
  void ipv6AddressesAreFoldedByXoringTheirFourWords() {
    // fd00:0:0:0:0:0:0:1 -> 0xfd000000 ^ 0 ^ 0 ^ 0x00000001 = 253.0.0.1 as an IPv4 value
    assertThat(KernelHash.foldedAddress(Endpoint.parse("[fd00::1]:1").address()))
        .isEqualTo(KernelHash.foldedAddress(Endpoint.parse("253.0.0.1:1").address()))
        .isEqualTo(0xfd000001);
    // words 0x20010db8, 0x0, 0x0, 0x20010db8 cancel out
    assertThat(KernelHash.foldedAddress(Endpoint.parse("[2001:db8::2001:db8]:1").address()))
        .isZero();
  }

  @Test
  void mhKeepsItsPreviousTableWhenThereAreMoreDestinationsThanSlots() {
    List<Dest> dests = Dests.weights(new int[251]);
    dests.forEach(d -> d.weight = d.lastWeight = 1);
    MaglevHashingScheduler mh = new MaglevHashingScheduler(251, false, false);
    mh.added(dests, dests.get(0));
    Dest[] full = mh.table();
    dests.add(0, Dests.dest(999, 1, 0, 0, false));
    mh.added(dests, dests.get(0));
    assertThat(mh.table()).containsExactly(full);
  }
}
