package dev.svcnet.netfilter.internal;

/**
 * One parse's strings by content: a region of the input that was seen before comes back as the
 * same {@link String}, without a copy. An iptables-save dump repeats nearly every word (options,
 * module names, chain names, addresses, comments), so the parser allocates a string per distinct
 * word rather than per word, and the model it builds shares them.
 */
final class StringPool {
  private String[] table;
  private int size;

  /** A pool whose table starts at {@code capacity} slots (a power of two) and doubles when half full. */
  StringPool(int capacity) {
    if (Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
    }
    table = new String[capacity];
  }

  /** {@code text.substring(start, end)}, or the equal string seen before. */
  String of(String text, int start, int end) {
    int hash = 0;
    for (int i = start; i < end; i++) {
      hash = 31 * hash + text.charAt(i);
    }
    return of(text, start, end, hash);
  }

  /**
   * As {@link #of(String, int, int)} where {@code hash} is the region's {@link String#hashCode()}
   * (computed by the caller while it scanned the region).
   */
  String of(String text, int start, int end, int hash) {
    int length = end - start;
    int mask = table.length - 1;
    int slot = spread(hash) & mask;
    for (String seen; (seen = table[slot]) != null; slot = (slot + 1) & mask) {
      if (seen.length() == length && text.regionMatches(start, seen, 0, length)) {
        return seen;
      }
    }
    String added = text.substring(start, end);
    table[slot] = added;
    if (++size * 2 > table.length) {
      grow();
    }
    return added;
  }

  /**
   * Drops every reference the table holds. A parse's tables are large enough to be allocated
   * outside the young generation, where a young collection treats them as live even once the
   * parse is over: left filled, they would keep the objects of a finished parse from being
   * collected young (and have every collection copy them).
   */
  void clear() {
    java.util.Arrays.fill(table, null);
    size = 0;
  }

  /** {@code value}, or the equal string seen before. */
  String of(String value) {
    return of(value, 0, value.length(), value.hashCode());
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }

  private void grow() {
    String[] old = table;
    table = new String[old.length * 2];
    int mask = table.length - 1;
    for (String s : old) {
      if (s != null) {
        int slot = spread(s.hashCode()) & mask;
        while (table[slot] != null) {
          slot = (slot + 1) & mask;
        }
        table[slot] = s;
      }
    }
  }
}
