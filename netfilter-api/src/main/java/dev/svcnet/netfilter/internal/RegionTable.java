package dev.svcnet.netfilter.internal;

import java.util.Arrays;

/**
 * A map from strings to values that is also looked up by a region of a text, without making a
 * string of it: a dump names a chain on every rule line ({@code -A CHAIN} and {@code -j CHAIN}), and
 * this finds the chain with one hash probe and one comparison of the characters.
 */
final class RegionTable<V> {
  private String[] keys;
  private Object[] values;
  private int[] hashes;
  private int size;

  /** A table whose capacity starts at {@code capacity} slots (rounded up to a power of two). */
  RegionTable(int capacity) {
    int slots = OpenAddressing.slots(capacity);
    keys = new String[slots];
    values = new Object[slots];
    hashes = new int[slots];
  }

  /**
   * Drops every reference the table holds. A parse's tables are large enough to be allocated
   * outside the young generation, where a young collection treats them as live even once the
   * parse is over: left filled, they would keep the objects of a finished parse from being
   * collected young (and have every collection copy them).
   */
  void clear() {
    Arrays.fill(keys, null);
    Arrays.fill(values, null);
    size = 0;
  }

  /** The value for the key equal to {@code text[start, end)}, whose {@link String#hashCode()} is {@code hash}. */
  @SuppressWarnings("unchecked")
  V get(String text, int start, int end, int hash) {
    int length = end - start;
    int mask = keys.length - 1;
    int slot = OpenAddressing.spread(hash) & mask;
    for (; keys[slot] != null; slot = (slot + 1) & mask) {
      String key = keys[slot];
      if (hashes[slot] == hash && key.length() == length && text.regionMatches(start, key, 0, length)) {
        return (V) values[slot];
      }
    }
    return null;
  }

  V get(String key) {
    return get(key, 0, key.length(), key.hashCode());
  }

  /** Adds {@code value} for {@code key}, which must not be in the table yet. */
  void put(String key, V value) {
    insert(keys, values, hashes, key, value, key.hashCode());
    if (++size * 2 > keys.length) {
      String[] oldKeys = keys;
      Object[] oldValues = values;
      int[] oldHashes = hashes;
      keys = new String[oldKeys.length * 2];
      values = new Object[oldKeys.length * 2];
      hashes = new int[oldKeys.length * 2];
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldKeys[i] != null) {
          insert(keys, values, hashes, oldKeys[i], oldValues[i], oldHashes[i]);
        }
      }
    }
  }

  private static void insert(String[] keys, Object[] values, int[] hashes, String key, Object value, int hash) {
    int mask = keys.length - 1;
    int slot = OpenAddressing.spread(hash) & mask;
    while (keys[slot] != null) {
      slot = (slot + 1) & mask;
    }
    keys[slot] = key;
    values[slot] = value;
    hashes[slot] = hash;
  }
}
