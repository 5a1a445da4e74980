package dev.svcnet.lb.internal;

import dev.svcnet.lb.Packet;
import java.util.List;

/**
 * {@code ip_vs_sh} (ipvs.md §4.9): a 256-bucket table filled by cycling through the list, each
 * destination taking {@code weight} consecutive buckets (at least one); key {@code hash_32(port +
 * addr, 8)}; {@code sh-fallback} probes further buckets when the hashed one is unavailable.
 */
final class SourceHashingScheduler implements Scheduler {

  static final int TABLE_BITS = 8;
  static final int TABLE_SIZE = 1 << TABLE_BITS;

  private final Dest[] buckets = new Dest[TABLE_SIZE];
  private final boolean fallback;
  private final boolean usePort;

  SourceHashingScheduler(boolean fallback, boolean usePort) {
    this.fallback = fallback;
    this.usePort = usePort;
  }

  @Override
  public void added(List<Dest> dests, Dest dest) {
    reassign(dests);
  }

  @Override
  public void removed(List<Dest> dests, Dest dest, int formerIndex) {
    reassign(dests);
  }

  @Override
  public void updated(List<Dest> dests, Dest dest) {
    reassign(dests);
  }

  private void reassign(List<Dest> dests) {
    if (dests.isEmpty()) {
      java.util.Arrays.fill(buckets, null);
      return;
    }
    int current = 0;
    int count = 0;
    for (int i = 0; i < TABLE_SIZE; i++) {
      Dest dest = dests.get(current);
      buckets[i] = dest;
      if (++count >= dest.weight) {
        current = (current + 1) % dests.size();
        count = 0;
      }
    }
  }

  /** {@code ip_vs_sh_hashkey}. */
  static int bucket(int foldedAddress, int port, int offset) {
    return (offset + KernelHash.hash32(port + foldedAddress, TABLE_BITS)) & (TABLE_SIZE - 1);
  }

  @Override
  public Dest schedule(List<Dest> dests, Packet packet) {
    int address = KernelHash.foldedAddress(packet.client().address());
    int port = PacketKey.sourcePort(packet, usePort);
    int ihash = bucket(address, port, 0);
    Dest dest = buckets[ihash];
    if (dest == null) {
      return null;
    }
    if (!dest.unavailableForHashing()) {
      return dest;
    }
    if (!fallback) {
      return null;
    }
    for (int offset = 0; offset < TABLE_SIZE; offset++) {
      int roffset = (offset + ihash) % TABLE_SIZE;
      Dest candidate = buckets[bucket(address, port, roffset)];
      if (candidate == null) {
        break;
      }
      if (!candidate.unavailableForHashing()) {
        return candidate;
      }
    }
    return null;
  }

  /** The table, for tests and the CLI: bucket i's destination or null. */
  Dest[] table() {
    return buckets.clone();
  }
}
