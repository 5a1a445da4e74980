package dev.svcnet.lb.internal;

import dev.svcnet.lb.Packet;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ip_vs_lblcr} (ipvs.md §4.13): a cache from the packet's destination address to a set of
 * real servers (newest member first). The set's weighted-least member is used unless missing or
 * overloaded; then the wlc rule picks from all destinations and the pick joins the set. A set of
 * more than one member that has not changed for {@code lblcr_expiration} loses its most loaded
 * member.
 *
 * <p>Expiry of whole entries follows {@link LblcScheduler}: dropped at lookup once unused for
 * longer than the expiration.
 */
final class LblcrScheduler implements Scheduler {

  private static final class Entry {
    final List<Dest> set = new ArrayList<>();
    Instant lastUse;
    Instant lastModified;

    void insert(Dest dest, Instant now, boolean check) {
      if (check && set.contains(dest)) {
        return;
      }
      set.add(0, dest);
      lastModified = now;
    }
  }

  private final Map<InetAddress, Entry> cache = new HashMap<>();
  private final InstantSource clock;
  private final Duration expiration;

  LblcrScheduler(InstantSource clock, Duration expiration) {
    this.clock = clock;
    this.expiration = expiration;
  }

  @Override
  public Dest schedule(List<Dest> dests, Packet packet) {
    Instant now = clock.instant();
    InetAddress key = packet.service().address();
    Entry entry = cache.get(key);
    if (entry != null && now.isAfter(entry.lastUse.plus(expiration))) {
      cache.remove(key);
      entry = null;
    }
    if (entry != null) {
      entry.lastUse = now;
      Dest least = setMin(entry.set);
      if (entry.set.size() > 1 && now.isAfter(entry.lastModified.plus(expiration))) {
        Dest most = setMax(entry.set);
        if (most != null) {
          entry.set.remove(most);
          entry.lastModified = now;
        }
      }
      if (least != null && !LocalityScheduler.isOverloaded(least, dests)) {
        return least;
      }
      Dest dest = WeightedLeastScheduler.weightedLeast(dests, Dest::overhead);
      if (dest == null) {
        return null;
      }
      entry.insert(dest, now, true);
      return dest;
    }
    Dest dest = WeightedLeastScheduler.weightedLeast(dests, Dest::overhead);
    if (dest == null) {
      return null;
    }
    Entry created = new Entry();
    created.lastUse = now;
    created.lastModified = now;
    created.insert(dest, now, false);
    cache.put(key, created);
    return dest;
  }

  /** {@code ip_vs_dest_set_min}: weighted least loaded available member of the set. */
  private static Dest setMin(List<Dest> set) {
    Dest least = null;
    long leastOverhead = 0;
    int i = 0;
    for (; i < set.size(); i++) {
      Dest dest = set.get(i);
      if (!dest.overloaded && dest.weight > 0 && dest.available) {
        least = dest;
        leastOverhead = dest.overhead();
        break;
      }
    }
    if (least == null) {
      return null;
    }
    for (i++; i < set.size(); i++) {
      Dest dest = set.get(i);
      if (dest.overloaded) {
        continue;
      }
      long overhead = dest.overhead();
      if (leastOverhead * dest.weight > overhead * least.weight && dest.available) {
        least = dest;
        leastOverhead = overhead;
      }
    }
    return least;
  }

  /** {@code ip_vs_dest_set_max}: weighted most loaded member with weight &gt; 0. */
  private static Dest setMax(List<Dest> set) {
    Dest most = null;
    long mostOverhead = 0;
    int i = 0;
    for (; i < set.size(); i++) {
      Dest dest = set.get(i);
      if (dest.weight > 0) {
        most = dest;
        mostOverhead = dest.overhead();
        break;
      }
    }
    if (most == null) {
      return null;
    }
    for (i++; i < set.size(); i++) {
      Dest dest = set.get(i);
      long overhead = dest.overhead();
      if (mostOverhead * dest.weight < overhead * most.weight && dest.weight > 0) {
        most = dest;
        mostOverhead = overhead;
      }
    }
    return most;
  }
}
