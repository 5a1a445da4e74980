package dev.svcnet.lb.internal;

import dev.svcnet.lb.Packet;
import java.util.List;

/**
 * What {@code ip_vs_sh} and {@code ip_vs_mh} share (ipvs.md §4.9, §4.11): a table of destinations
 * indexed by a hash of the client address (and port with the {@code -port} flag). The hashed slot's
 * destination serves unless it is unavailable (weight 0 or overloaded); then, with the
 * {@code -fallback} flag, further slots are probed from the same key with increasing offsets until
 * one is available or an empty slot ends the search.
 */
abstract class HashTableScheduler implements Scheduler {

  /** Slot i's destination, or null; filled by the subclass's table build. */
  protected final Dest[] table;
  private final boolean fallback;
  private final boolean usePort;

  HashTableScheduler(int tableSize, boolean fallback, boolean usePort) {
    this.table = new Dest[tableSize];
    this.fallback = fallback;
    this.usePort = usePort;
  }

  /** The slot for a folded client address and port, probed at {@code offset}. */
  abstract int slot(int foldedAddress, int port, int offset);

  @Override
  public final Dest schedule(List<Dest> dests, Packet packet) {
    int address = KernelHash.foldedAddress(packet.client().address());
    int port = PacketKey.sourcePort(packet, usePort);
    int ihash = slot(address, port, 0);
    Dest dest = table[ihash];
    if (dest == null) {
      return null;
    }
    if (!dest.unavailableForHashing()) {
      return dest;
    }
    if (!fallback) {
      return null;
    }
    for (int offset = 0; offset < table.length; offset++) {
      int roffset = (offset + ihash) % table.length;
      Dest candidate = table[slot(address, port, roffset)];
      if (candidate == null) {
        break;
      }
      if (!candidate.unavailableForHashing()) {
        return candidate;
      }
    }
    return null;
  }

  /** The table, for tests and the CLI: slot i's destination or null. */
  Dest[] table() {
    return table.clone();
  }
}
