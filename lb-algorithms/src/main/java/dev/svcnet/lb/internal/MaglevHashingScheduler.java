package dev.svcnet.lb.internal;

import dev.svcnet.lb.IpvsServiceConfig;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ip_vs_mh} (ipvs.md §4.11): a Maglev table of a prime size M (4093 by default) built from
 * the list with fixed SipHash-1-3 keys; weights from {@code last_weight}, divided by their gcd and
 * shifted right so the largest fits in {@code CONFIG_IP_VS_MH_TAB_INDEX / 2} bits, and taken as
 * consecutive turns.
 */
final class MaglevHashingScheduler extends HashTableScheduler {

  static final long HASH1_KEY = 2654435761L;
  static final long HASH2_KEY = 2654446892L;

  private final int tableSize;
  private final int tableBits;
  private final FastRemainder slotOf;

  MaglevHashingScheduler(int tableSize, boolean fallback, boolean usePort) {
    super(checkedSize(tableSize), fallback, usePort);
    this.tableSize = tableSize;
    this.tableBits = IpvsServiceConfig.mhTableIndex(tableSize) / 2;
    this.slotOf = new FastRemainder(tableSize);
  }

  private static int checkedSize(int tableSize) {
    if (IpvsServiceConfig.mhTableIndex(tableSize) < 0) {
      throw new IllegalArgumentException("not a kernel mh table size: " + tableSize);
    }
    return tableSize;
  }

  /** {@code ip_vs_mh_hashkey}: hsiphash of {@code offset + port + addr} (u32). */
  static int hashKey(int foldedAddress, int port, long key, int offset) {
    return SipHash.hsiphash32(key, key, offset + port + foldedAddress);
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
    if (dests.size() > tableSize) {
      // ip_vs_mh_reassign returns EINVAL before touching the table, and its caller ignores
      // that: the previous table stays as it was.
      return;
    }
    Arrays.fill(table, null);
    int gcd = 0;
    int maxWeight = 0;
    for (Dest dest : dests) {
      if (dest.lastWeight > 0) {
        gcd = gcd > 0 ? KernelHash.gcd(dest.lastWeight, gcd) : dest.lastWeight;
      }
      maxWeight = Math.max(maxWeight, dest.lastWeight);
    }
    if (gcd < 1) {
      return;
    }
    int shift = Math.max(0, KernelHash.fls(maxWeight / gcd) - tableBits);
    int n = dests.size();
    int[] permutation = new int[n];
    int[] skip = new int[n];
    int[] turns = new int[n];
    for (int i = 0; i < n; i++) {
      Dest dest = dests.get(i);
      int port = dest.endpoint.port();
      permutation[i] = (int) (Integer.toUnsignedLong(hashKey(dest.foldedAddress, port, HASH1_KEY,
          0)) % tableSize);
      skip[i] = (int) (Integer.toUnsignedLong(hashKey(dest.foldedAddress, port, HASH2_KEY, 0))
          % (tableSize - 1)) + 1;
      int scaled = (dest.lastWeight / gcd) >> shift;
      turns[i] = scaled != 0 ? scaled : (dest.lastWeight != 0 ? 1 : 0);
    }
    boolean[] taken = new boolean[tableSize];
    int filled = 0;
    while (true) {
      for (int i = 0; i < n; i++) {
        for (int turn = 0; turn < turns[i]; turn++) {
          int slot = permutation[i];
          while (taken[slot]) {
            slot += skip[i];
            if (slot >= tableSize) {
              slot -= tableSize;
            }
          }
          permutation[i] = slot;
          taken[slot] = true;
          table[slot] = dests.get(i);
          if (++filled == tableSize) {
            return;
          }
        }
      }
    }
  }

  @Override
  int slot(int foldedAddress, int port, int offset) {
    return slotOf.of(hashKey(foldedAddress, port, HASH1_KEY, offset));
  }
}
