package dev.svcnet.netfilter.internal;

import dev.svcnet.netfilter.Match;
import java.util.Arrays;
import java.util.List;

/**
 * One parse's match lists, each made once: a rule whose matches are the same objects, in the same
 * order, as an earlier rule's gets that rule's list. The parser shares its typed matches (comments,
 * ports, statistics, ...), so equal matches are the same objects and the lists are found by the
 * identity of their elements, without hashing or comparing the records' contents. Lists whose
 * matches are equal but not the same objects (verbatim matches) are simply not shared.
 */
final class SharedMatchLists {
  private Object[] lists;
  private int[] hashes;
  private int size;

  SharedMatchLists(int capacity) {
    int slots = OpenAddressing.slots(capacity);
    lists = new Object[slots];
    hashes = new int[slots];
  }

  /**
   * Drops every reference the table holds. A parse's tables are large enough to be allocated
   * outside the young generation, where a young collection treats them as live even once the
   * parse is over: left filled, they would keep the objects of a finished parse from being
   * collected young (and have every collection copy them).
   */
  void clear() {
    Arrays.fill(lists, null);
    size = 0;
  }

  /** An immutable copy of {@code matches}, the one made before for the same objects if any. */
  @SuppressWarnings("unchecked")
  List<Match> of(List<Match> matches) {
    int count = matches.size();
    if (count == 0) {
      return List.of();
    }
    int hash = 1;
    for (int i = 0; i < count; i++) {
      hash = 31 * hash + System.identityHashCode(matches.get(i));
    }
    int mask = lists.length - 1;
    int slot = OpenAddressing.spread(hash) & mask;
    for (Object seen; (seen = lists[slot]) != null; slot = (slot + 1) & mask) {
      if (hashes[slot] == hash && sameElements((List<Match>) seen, matches)) {
        return (List<Match>) seen;
      }
    }
    // List.of with the elements, not List.copyOf: copyOf goes through an array twice, which is
    // 1.3 MB more per 100,000-rule parse (NetfilterCodecBenchmark, gc.alloc.rate.norm).
    List<Match> list = switch (count) {
      case 1 -> List.of(matches.get(0));
      case 2 -> List.of(matches.get(0), matches.get(1));
      case 3 -> List.of(matches.get(0), matches.get(1), matches.get(2));
      case 4 -> List.of(matches.get(0), matches.get(1), matches.get(2), matches.get(3));
      default -> List.copyOf(matches);
    };
    lists[slot] = list;
    hashes[slot] = hash;
    if (++size * 2 > lists.length) {
      grow();
    }
    return list;
  }

  private static boolean sameElements(List<Match> list, List<Match> matches) {
    int count = matches.size();
    if (list.size() != count) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      if (list.get(i) != matches.get(i)) {
        return false;
      }
    }
    return true;
  }

  private void grow() {
    Object[] oldLists = lists;
    int[] oldHashes = hashes;
    lists = new Object[oldLists.length * 2];
    hashes = new int[oldLists.length * 2];
    int mask = lists.length - 1;
    for (int i = 0; i < oldLists.length; i++) {
      if (oldLists[i] != null) {
        int slot = OpenAddressing.spread(oldHashes[i]) & mask;
        while (lists[slot] != null) {
          slot = (slot + 1) & mask;
        }
        lists[slot] = oldLists[i];
        hashes[slot] = oldHashes[i];
      }
    }
  }
}
