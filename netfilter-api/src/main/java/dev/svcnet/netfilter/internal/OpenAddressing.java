package dev.svcnet.netfilter.internal;

/** What the parse's open-addressing tables share: their sizing and how a hash picks a slot. */
final class OpenAddressing {
  private OpenAddressing() {}

  /** The slots for about {@code capacity} entries: a power of two, at least 16. */
  static int slots(int capacity) {
    return Integer.highestOneBit(Math.max(16, capacity) - 1) << 1;
  }

  /** {@code hash} with its high bits folded into the low ones, which pick the slot. */
  static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }
}
