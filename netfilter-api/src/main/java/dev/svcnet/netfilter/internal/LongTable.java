package dev.svcnet.netfilter.internal;

import java.util.Arrays;

/**
 * A map from {@code long} keys to values with open addressing: no entry object per key and no
 * boxing. One parse keys its shared IPv4 addresses, CIDRs and DNAT destinations by their numeric
 * value here, read straight from the text, so that a repeated address costs neither a string nor
 * a hash of one.
 */
final class LongTable<V> {
  private long[] keys;
  private Object[] values;
  private int size;

  /** A table whose capacity starts at {@code capacity} slots (rounded up to a power of two). */
  LongTable(int capacity) {
    int slots = OpenAddressing.slots(capacity);
    keys = new long[slots];
    values = new Object[slots];
  }

  /**
   * Drops every reference the table holds. One parse's tables are large enough to be allocated
   * outside the young generation, where a young collection treats them as live even once the
   * parse is over: left filled, they would keep the objects of a finished parse from being
   * collected young (and have every collection copy them).
   */
  void clear() {
    Arrays.fill(values, null);
    size = 0;
  }

  @SuppressWarnings("unchecked")
  V get(long key) {
    int mask = keys.length - 1;
    for (int slot = slot(key) & mask; values[slot] != null; slot = (slot + 1) & mask) {
      if (keys[slot] == key) {
        return (V) values[slot];
      }
    }
    return null;
  }

  /** Adds {@code value} (not null) for {@code key}, which must not be in the table yet. */
  void put(long key, V value) {
    insert(keys, values, key, value);
    if (++size * 2 > keys.length) {
      long[] oldKeys = keys;
      Object[] oldValues = values;
      keys = new long[oldKeys.length * 2];
      values = new Object[oldKeys.length * 2];
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldValues[i] != null) {
          insert(keys, values, oldKeys[i], oldValues[i]);
        }
      }
    }
  }

  private static void insert(long[] keys, Object[] values, long key, Object value) {
    int mask = keys.length - 1;
    int slot = slot(key) & mask;
    while (values[slot] != null) {
      slot = (slot + 1) & mask;
    }
    keys[slot] = key;
    values[slot] = value;
  }

  private static int slot(long key) {
    long mixed = key * 0x9E3779B97F4A7C15L;
    return (int) (mixed >>> 32) ^ (int) mixed;
  }
}
