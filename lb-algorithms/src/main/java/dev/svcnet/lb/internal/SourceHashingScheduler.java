package dev.svcnet.lb.internal;

import java.util.List;

/**
 * {@code ip_vs_sh} (ipvs.md §4.9): a 256-bucket table filled by cycling through the list, each
 * destination taking {@code weight} consecutive table (at least one); key {@code hash_32(port +
 * addr, 8)}; {@code sh-fallback} probes further table when the hashed one is unavailable.
 */
final class SourceHashingScheduler extends HashTableScheduler {

  static final int TABLE_BITS = 8;
  static final int TABLE_SIZE = 1 << TABLE_BITS;

  SourceHashingScheduler(boolean fallback, boolean usePort) {
    super(TABLE_SIZE, fallback, usePort);
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
      java.util.Arrays.fill(table, null);
      return;
    }
    int current = 0;
    int count = 0;
    for (int i = 0; i < TABLE_SIZE; i++) {
      Dest dest = dests.get(current);
      table[i] = dest;
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
  int slot(int foldedAddress, int port, int offset) {
    return bucket(foldedAddress, port, offset);
  }
}
