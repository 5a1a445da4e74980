package dev.svcnet.lb.internal;

import dev.svcnet.lb.Packet;
import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ip_vs_lblcr} (ipvs.md §4.13): a cache from the packet's destination address to a set of
 * real servers (newest member first). The set's weighted-least member is used unless missing or
 * overloaded; then the wlc rule picks from all destinations and the pick joins the set. At a use
 * of an entry whose set has more than one member and has not changed for longer than
 * {@code lblcr_expiration} ({@code now > lastmod + expiration}), the most loaded member is erased,
 * which counts as a change. Whole entries expire only through the table's timer
 * ({@link LocalityTable}).
 */
final class LblcrScheduler implements Scheduler {

  private static final class Entry extends LocalityTable.Entry {
    final List<Dest> set = new ArrayList<>();
    long lastModified;

    Entry(InetAddress address, long now) {
      super(address, now);
    }

    /** {@code ip_vs_dest_set_insert}: at the head; a change. */
    void insert(Dest dest, long now, boolean check) {
      if (check && set.contains(dest)) {
        return;
      }
      set.add(0, dest);
      lastModified = now;
    }
  }

  private final LocalityTable<Entry> table;

  LblcrScheduler(InstantSource clock, Duration expiration) {
    this.table = new LocalityTable<>(clock, expiration);
  }

  /** The cache, for tests in this package. */
  LocalityTable<?> table() {
    return table;
  }

  @Override
  public Dest schedule(List<Dest> dests, Packet packet) {
    long now = table.now();
    InetAddress address = packet.service().address();
    Entry entry = table.get(address);
    if (entry != null) {
      entry.lastUse = now;
      Dest least = setMin(entry.set);
      if (entry.set.size() > 1 && now > entry.lastModified + table.expiration()) {
        Dest most = setMax(entry.set);
        if (most != null) {
          // ip_vs_dest_set_erase
          entry.set.remove(most);
          entry.lastModified = now;
        }
      }
      if (least != null && !LocalityScheduler.isOverloaded(least, dests)) {
        return least;
      }
      Dest dest = LocalityScheduler.leastLoaded(dests);
      if (dest == null) {
        return null;
      }
      entry.insert(dest, now, true);
      return dest;
    }
    Dest dest = LocalityScheduler.leastLoaded(dests);
    if (dest == null) {
      return null;
    }
    Entry created = new Entry(address, now);
    created.insert(dest, now, false);
    table.add(created);
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
