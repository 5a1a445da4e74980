package dev.svcnet.lb.internal;

import dev.svcnet.lb.Packet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * lc, wlc and sed in O(log n) per counter change and O(1) per pick, making the same decisions as
 * the kernel's O(n) scans: a segment tree over list positions keeps, for every range, its first
 * destination with the least overhead (lc) or overhead per weight (wlc, sed) among those that are
 * not overloaded and have weight &gt; 0. "First among equals" is associative, so the root is
 * exactly what the scan returns. The tree is rebuilt in O(n) when destinations are added or
 * removed, which moves every position.
 */
final class IndexedLeastScheduler implements Scheduler {

  private static final int NONE = -1;

  static IndexedLeastScheduler lc() {
    return new IndexedLeastScheduler(Dest::overhead, false);
  }

  static IndexedLeastScheduler wlc() {
    return new IndexedLeastScheduler(Dest::overhead, true);
  }

  static IndexedLeastScheduler sed() {
    return new IndexedLeastScheduler(dest -> dest.activeConns + 1L, true);
  }

  private final ToLongFunction<Dest> overhead;
  private final boolean perWeight;
  private final Map<Dest, Integer> positions = new IdentityHashMap<>();
  private Dest[] leaves = new Dest[0];
  private int[] tree = {NONE, NONE};
  private int width = 1;

  private IndexedLeastScheduler(ToLongFunction<Dest> overhead, boolean perWeight) {
    this.overhead = overhead;
    this.perWeight = perWeight;
  }

  @Override
  public void added(List<Dest> dests, Dest dest) {
    rebuild(dests);
  }

  @Override
  public void removed(List<Dest> dests, Dest dest, int formerIndex) {
    rebuild(dests);
  }

  @Override
  public void updated(List<Dest> dests, Dest dest) {
    countersChanged(dests, dest);
  }

  @Override
  public void countersChanged(List<Dest> dests, Dest dest) {
    Integer position = positions.get(dest);
    if (position == null) {
      return; // in the trash: not schedulable
    }
    int node = width + position;
    tree[node] = eligible(dest) ? position : NONE;
    for (node >>= 1; node >= 1; node >>= 1) {
      tree[node] = better(tree[2 * node], tree[2 * node + 1]);
    }
  }

  private void rebuild(List<Dest> dests) {
    int n = dests.size();
    width = Integer.highestOneBit(Math.max(1, n - 1)) << 1;
    leaves = dests.toArray(new Dest[0]);
    tree = new int[2 * width];
    positions.clear();
    for (int i = 0; i < width; i++) {
      if (i < n) {
        positions.put(leaves[i], i);
        tree[width + i] = eligible(leaves[i]) ? i : NONE;
      } else {
        tree[width + i] = NONE;
      }
    }
    for (int node = width - 1; node >= 1; node--) {
      tree[node] = better(tree[2 * node], tree[2 * node + 1]);
    }
  }

  private static boolean eligible(Dest dest) {
    return !dest.overloaded && dest.weight > 0;
  }

  /** The first of the two (left wins ties), or whichever exists. */
  private int better(int left, int right) {
    if (left == NONE) {
      return right;
    }
    if (right == NONE) {
      return left;
    }
    Dest l = leaves[left];
    Dest r = leaves[right];
    long lo = overhead.applyAsLong(l);
    long ro = overhead.applyAsLong(r);
    boolean rightWins = perWeight ? lo * r.weight > ro * l.weight : ro < lo;
    return rightWins ? right : left;
  }

  @Override
  public Dest schedule(List<Dest> dests, Packet packet) {
    int winner = tree[1];
    return winner == NONE ? null : leaves[winner];
  }
}
