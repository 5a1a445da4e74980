package dev.svcnet.lb.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.lb.Endpoint;
import dev.svcnet.lb.Packet;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The lblc/lblcr cache's garbage collection, with expected values from ip_vs_lblc.c and
 * ip_vs_lblcr.c: a timer every {@code CHECK_EXPIRE_INTERVAL} (60 s) from the service's creation;
 * every 30th run a full check (drop when {@code now >= lastuse + expiration}); other runs drop
 * entries unused for {@code ENTRY_TIMEOUT} (6 min) only while the counter exceeds 16,384.
 */
class LocalityTableTest {

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.EPOCH);
  private final InstantSource clock = now::get;
  private final List<Dest> dests = Dests.weights(1, 1);

  private void at(Duration sinceCreation) {
    now.set(Instant.EPOCH.plus(sinceCreation));
  }

  private static Packet to(String address) {
    return Packet.tcp(Endpoint.of("192.168.0.1", 5000), Endpoint.of(address, 80));
  }

  private static Packet to(int i) {
    return to("10." + (i >> 16 & 0xFF) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF));
  }

  /** The table's entries after the timer runs due at the current time. */
  private static int size(LocalityTable<?> table) {
    table.now();
    return table.size();
  }

  @Test
  void theFullCheckRunsAtTheThirtiethMinuteAndEveryThirtyMinutesAfter() {
    LblcScheduler lblc = new LblcScheduler(clock, Duration.ofMinutes(1));
    lblc.schedule(dests, to("172.16.0.1"));
    at(Duration.ofMinutes(30).minusMillis(4));
    assertThat(size(lblc.table())).as("unused for 29:59.996, far past 1 min").isEqualTo(1);
    at(Duration.ofMinutes(30));
    assertThat(size(lblc.table())).isZero();
    lblc.schedule(dests, to("172.16.0.1"));
    at(Duration.ofMinutes(60).minusMillis(4));
    assertThat(size(lblc.table())).isEqualTo(1);
    at(Duration.ofMinutes(60));
    assertThat(size(lblc.table())).isZero();
  }

  @Test
  void anEntryIsDroppedWhenTheCheckRunsAtExactlyItsLastUsePlusTheExpiration() {
    LblcScheduler lblc = new LblcScheduler(clock, Duration.ofMinutes(10));
    at(Duration.ofMinutes(20));
    lblc.schedule(dests, to("172.16.0.1"));
    at(Duration.ofMinutes(20).plusMillis(4)); // one jiffy later
    lblc.schedule(dests, to("172.16.0.2"));
    at(Duration.ofMinutes(30));
    LocalityTable<?> table = lblc.table();
    table.now();
    assertThat(table.size()).as("20:00 + 10 min <= 30:00 dropped, 20:00.004 kept").isEqualTo(1);
    assertThat(lblc.schedule(List.of(dests.get(1)), to("172.16.0.2")))
        .as("still cached on the first destination").isSameAs(dests.get(0));
  }

  @Test
  void lblcrSetsFollowTheSameTimer() {
    LblcrScheduler lblcr = new LblcrScheduler(clock, Duration.ofMinutes(10));
    lblcr.schedule(dests, to("172.16.0.1"));
    at(Duration.ofMinutes(29));
    assertThat(size(lblcr.table())).isEqualTo(1);
    at(Duration.ofMinutes(30));
    assertThat(size(lblcr.table())).isZero();
  }

  /**
   * Over 16,384 entries: at the first timer run when they are 6 minutes unused, whole buckets
   * from bucket 1 on are emptied until (entries - 16,384) * 4 / 3 are gone.
   */
  @Test
  void aFullTableDropsEntriesUnusedForSixMinutesBucketByBucketFromTheRover() {
    LblcScheduler lblc = new LblcScheduler(clock, LocalityTable.toDuration(LocalityTable.HZ));
    int created = LocalityTable.MAX_SIZE + 30;
    List<InetAddress> addresses = new ArrayList<>();
    for (int i = 0; i < created; i++) {
      Packet packet = to(i + 1);
      lblc.schedule(dests, packet);
      addresses.add(packet.service().address());
    }
    LocalityTable<?> table = lblc.table();
    at(Duration.ofMinutes(6).minusMillis(4));
    assertThat(size(table)).as("runs 1-5 sweep every bucket but nothing is 6 minutes unused yet").isEqualTo(created);
    at(Duration.ofMinutes(6));
    int left = size(table);
    int goal = 30 * 4 / 3;
    int[] perBucket = new int[LocalityTable.SIZE];
    for (InetAddress address : addresses) {
      perBucket[LocalityTable.bucketOf(address)]++;
    }
    int expectedDropped = 0;
    int bucket = 0;
    while (expectedDropped < goal) {
      bucket++;
      expectedDropped += perBucket[bucket];
    }
    assertThat(created - left).as("buckets 1..%d", bucket).isEqualTo(expectedDropped);
    for (InetAddress address : addresses) {
      int b = LocalityTable.bucketOf(address);
      assertThat(table.get(address) == null).as("%s in bucket %d", address, b)
          .isEqualTo(b >= 1 && b <= bucket);
    }
    at(Duration.ofMinutes(7));
    assertThat(size(table)).as("below the maximum again: counting only").isEqualTo(left);
  }

  /**
   * ip_vs_lblc_new replaces an entry whose server changed through ip_vs_lblc_del, which does not
   * decrement the table's counter, and ip_vs_lblc_hash, which increments it.
   */
  @Test
  void replacingAnEntrysServerCountsItTwice() {
    LblcScheduler lblc = new LblcScheduler(clock, Duration.ofMinutes(10));
    assertThat(lblc.schedule(dests, to("172.16.0.1"))).isSameAs(dests.get(0));
    dests.get(0).weight = 0;
    assertThat(lblc.schedule(dests, to("172.16.0.1"))).isSameAs(dests.get(1));
    assertThat(lblc.table().size()).isEqualTo(1);
    assertThat(lblc.table().entriesCounter()).isEqualTo(2);
  }
}
