package dev.svcnet.lb.internal;

import dev.svcnet.lb.Packet;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ip_vs_lblc} (ipvs.md §4.13): a cache from the packet's destination address to a real
 * server. The cached server is used while it is available, has weight &gt; 0 and is not
 * "overloaded" in lblc's sense; otherwise the wlc rule picks one and the cache is updated.
 *
 * <p>Expiry: an entry unused for longer than {@code lblc_expiration} is dropped when it is next
 * looked up. The kernel drops such entries from a periodic timer instead (every 60 s, a full scan
 * every 30 minutes), so the two agree except within a timer period of the expiry.
 */
final class LblcScheduler implements Scheduler {

  private static final class Entry {
    Dest dest;
    Instant lastUse;
  }

  private final Map<InetAddress, Entry> cache = new HashMap<>();
  private final InstantSource clock;
  private final Duration expiration;

  LblcScheduler(InstantSource clock, Duration expiration) {
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
      Dest cached = entry.dest;
      if (cached.available && cached.weight > 0
          && !LocalityScheduler.isOverloaded(cached, dests)) {
        return cached;
      }
    }
    Dest dest = WeightedLeastScheduler.weightedLeast(dests, Dest::overhead);
    if (dest == null) {
      return null;
    }
    if (entry == null) {
      entry = new Entry();
      entry.lastUse = now;
      cache.put(key, entry);
    }
    entry.dest = dest;
    return dest;
  }
}
