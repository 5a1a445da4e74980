package dev.svcnet.lb.internal;

import dev.svcnet.lb.Packet;
import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/**
 * {@code ip_vs_lblc} (ipvs.md §4.13): a cache from the packet's destination address to a real
 * server. The cached server is used while it is available, has weight &gt; 0 and is not
 * "overloaded" in lblc's sense; otherwise the wlc rule picks one and the cache entry is replaced.
 * Entries expire only through the table's timer ({@link LocalityTable}).
 */
final class LblcScheduler implements Scheduler {

  private static final class Entry extends LocalityTable.Entry {
    final Dest dest;

    Entry(InetAddress address, long now, Dest dest) {
      super(address, now);
      this.dest = dest;
    }
  }

  private final LocalityTable<Entry> table;

  LblcScheduler(InstantSource clock, Duration expiration) {
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
      Dest cached = entry.dest;
      if (cached.available && cached.weight > 0
          && !LocalityScheduler.isOverloaded(cached, dests)) {
        return cached;
      }
    }
    Dest dest = LocalityScheduler.leastLoaded(dests);
    if (dest == null) {
      return null;
    }
    // ip_vs_lblc_new: the same server keeps its entry; another one gets a new entry.
    if (entry != null) {
      if (entry.dest == dest) {
        return dest;
      }
      table.unlinkUncounted(entry);
    }
    table.add(new Entry(address, now, dest));
    return dest;
  }
}
