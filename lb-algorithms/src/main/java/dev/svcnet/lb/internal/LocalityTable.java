package dev.svcnet.lb.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The cache {@code ip_vs_lblc} and {@code ip_vs_lblcr} both keep (their
 * {@code ip_vs_lblc_table}/{@code ip_vs_lblcr_table}, the same code twice in the kernel), with its
 * garbage-collection timer, in the kernel's time unit, jiffies:
 *
 * <ul>
 *   <li>1,024 buckets ({@code CONFIG_IP_VS_LBLC_TAB_BITS} 10) keyed on
 *       {@code hash_32(ntohl(addr_fold), 10)} of the packet's destination address; a new entry goes
 *       to the head of its bucket.
 *   <li>The timer first fires {@code CHECK_EXPIRE_INTERVAL} (60 s) after the service was created
 *       and then every 60 s. With {@code counter} starting at 1, every 30th run
 *       ({@code COUNT_FOR_FULL_EXPIRATION}) is a full check that drops every entry unused for the
 *       expiration ({@code now >= lastuse + expiration}) and resets {@code counter} to 1. Other runs
 *       only count, unless the table holds more than {@code max_size} = 16,384 entries: then, from
 *       the bucket after {@code rover}, they drop entries unused for {@code ENTRY_TIMEOUT} (6
 *       minutes) until {@code (entries - max_size) * 4 / 3} (at most 8,192) are gone, bucket by
 *       bucket, and leave {@code rover} at the last bucket visited.
 *   <li>Entries are dropped by nothing else: a lookup finds an entry however old it is until the
 *       timer has dropped it.
 *   <li>{@code entries} is the kernel's counter, which {@code ip_vs_lblc_new} increments again when
 *       it replaces an entry whose server changed (its {@code ip_vs_lblc_del} does not decrement),
 *       so it can exceed the real number of entries; it decides when partial checks run.
 * </ul>
 *
 * <p>Time: jiffies count from the service's creation at {@link #HZ} (Debian's
 * {@code CONFIG_HZ_250}); the expiration sysctls are whole jiffies. The model runs every timer
 * expiry that is due (at or before the current jiffy) before it answers; the kernel's timer may
 * fire a few jiffies late, which this does not model.
 *
 * @param <E> the entry type: a server (lblc) or a server set (lblcr)
 */
final class LocalityTable<E extends LocalityTable.Entry> {

  /** Debian's {@code CONFIG_HZ}. */
  static final int HZ = 250;
  static final int BITS = 10;
  static final int SIZE = 1 << BITS;
  static final int MAX_SIZE = SIZE * 16;
  static final long CHECK_EXPIRE_INTERVAL = 60L * HZ;
  static final long ENTRY_TIMEOUT = 6L * 60 * HZ;
  static final int COUNT_FOR_FULL_EXPIRATION = 30;

  /** What both kinds of entry have: the destination address and its last use. */
  abstract static class Entry {
    final InetAddress address;
    final int bucket;
    long lastUse;

    Entry(InetAddress address, long now) {
      this.address = address;
      this.bucket = bucketOf(address);
      this.lastUse = now;
    }
  }

  private final List<List<E>> buckets = new ArrayList<>(SIZE);
  private final InstantSource clock;
  private final Instant created;
  private final long expiration;
  private long nextTimer = CHECK_EXPIRE_INTERVAL;
  private int entries;
  private int rover;
  private int counter = 1;

  LocalityTable(InstantSource clock, Duration expiration) {
    this.clock = clock;
    this.created = clock.instant();
    this.expiration = toJiffies(expiration);
    for (int i = 0; i < SIZE; i++) {
      buckets.add(new ArrayList<>(0));
    }
  }

  static long toJiffies(Duration duration) {
    return Math.floorDiv(duration.toMillis() * HZ, 1000);
  }

  static Duration toDuration(long jiffies) {
    return Duration.ofMillis(jiffies * 1000 / HZ);
  }

  static int bucketOf(InetAddress address) {
    return KernelHash.hash32(KernelHash.foldedAddress(address), BITS);
  }

  /** The expiration sysctl in jiffies. */
  long expiration() {
    return expiration;
  }

  /** The current jiffy, after running every timer expiry due by then. */
  long now() {
    long now = toJiffies(Duration.between(created, clock.instant()));
    while (nextTimer <= now) {
      checkExpire(nextTimer);
      nextTimer += CHECK_EXPIRE_INTERVAL;
    }
    return now;
  }

  /** {@code ip_vs_lblc_get}: the entry for this destination address, or null. */
  E get(InetAddress address) {
    for (E entry : buckets.get(bucketOf(address))) {
      if (entry.address.equals(address)) {
        return entry;
      }
    }
    return null;
  }

  /** {@code ip_vs_lblc_hash}: at the head of its bucket; the counter goes up. */
  void add(E entry) {
    buckets.get(entry.bucket).add(0, entry);
    entries++;
  }

  /** {@code ip_vs_lblc_del} from {@code ip_vs_lblc_new}: unlinked, the counter unchanged. */
  void unlinkUncounted(E entry) {
    buckets.get(entry.bucket).remove(entry);
  }

  /** The kernel's entry counter (see the class comment). */
  int entriesCounter() {
    return entries;
  }

  /** The entries actually in the table. */
  int size() {
    int size = 0;
    for (List<E> bucket : buckets) {
      size += bucket.size();
    }
    return size;
  }

  /** {@code ip_vs_lblc_check_expire} at jiffy {@code now}. */
  private void checkExpire(long now) {
    if (counter % COUNT_FOR_FULL_EXPIRATION == 0) {
      sweep(now, expiration, Integer.MAX_VALUE);
      counter = 1;
      return;
    }
    if (entries <= MAX_SIZE) {
      counter++;
      return;
    }
    int goal = (entries - MAX_SIZE) * 4 / 3;
    sweep(now, ENTRY_TIMEOUT, Math.min(goal, MAX_SIZE / 2));
  }

  /**
   * Drops entries with {@code now >= lastuse + timeout}, bucket by bucket from the one after
   * {@code rover}, stopping after a bucket once {@code goal} entries are gone.
   */
  private void sweep(long now, long timeout, int goal) {
    int j = rover;
    for (int i = 0; i < SIZE; i++) {
      j = (j + 1) & (SIZE - 1);
      for (Iterator<E> it = buckets.get(j).iterator(); it.hasNext(); ) {
        E entry = it.next();
        if (now < entry.lastUse + timeout) {
          continue;
        }
        it.remove();
        entries--;
        goal--;
      }
      if (goal <= 0) {
        break;
      }
    }
    rover = j;
  }
}
