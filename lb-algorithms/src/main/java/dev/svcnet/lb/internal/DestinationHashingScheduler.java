package dev.svcnet.lb.internal;

import dev.svcnet.lb.Packet;
import java.util.List;

/**
 * {@code ip_vs_dh} (ipvs.md §4.10): bucket i holds destination {@code i mod n} in list order,
 * weights ignored for placement; key {@code hash_32(daddr, 8)}; rebuilt on add and delete only.
 */
final class DestinationHashingScheduler implements Scheduler {

  static final int TABLE_BITS = 8;
  static final int TABLE_SIZE = 1 << TABLE_BITS;

  private final Dest[] buckets = new Dest[TABLE_SIZE];

  @Override
  public void added(List<Dest> dests, Dest dest) {
    reassign(dests);
  }

  @Override
  public void removed(List<Dest> dests, Dest dest, int formerIndex) {
    reassign(dests);
  }

  private void reassign(List<Dest> dests) {
    for (int i = 0; i < TABLE_SIZE; i++) {
      buckets[i] = dests.isEmpty() ? null : dests.get(i % dests.size());
    }
  }

  @Override
  public Dest schedule(List<Dest> dests, Packet packet) {
    int key = KernelHash.hash32(KernelHash.foldedAddress(packet.service().address()), TABLE_BITS);
    Dest dest = buckets[key];
    if (dest == null || !dest.available || dest.weight <= 0 || dest.overloaded) {
      return null;
    }
    return dest;
  }
}
