package dev.svcnet.lb.internal;

import java.util.List;

/**
 * A pointer into the destination list like rr's and wrr's {@code list_head *}: either the list
 * head or a destination. Its index is cached and re-found after the list changes.
 */
final class ListPointer {

  /** The index that stands for the list head. */
  static final int HEAD = -1;

  private Dest dest;
  private int index = HEAD;

  void toHead() {
    dest = null;
    index = HEAD;
  }

  void set(List<Dest> dests, int newIndex) {
    index = newIndex;
    dest = newIndex == HEAD ? null : dests.get(newIndex);
  }

  /** The current index in {@code dests}, {@link #HEAD} for the head. */
  int index(List<Dest> dests) {
    if (dest == null) {
      return HEAD;
    }
    if (index < 0 || index >= dests.size() || dests.get(index) != dest) {
      index = indexOf(dests, dest);
      if (index == HEAD) {
        dest = null;
      }
    }
    return index;
  }

  Dest dest() {
    return dest;
  }

  private static int indexOf(List<Dest> dests, Dest dest) {
    for (int i = 0; i < dests.size(); i++) {
      if (dests.get(i) == dest) {
        return i;
      }
    }
    return HEAD;
  }
}
