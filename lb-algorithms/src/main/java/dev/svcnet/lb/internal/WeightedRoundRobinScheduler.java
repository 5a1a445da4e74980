package dev.svcnet.lb.internal;

import dev.svcnet.lb.Packet;
import java.util.List;

/**
 * {@code ip_vs_wrr} (ipvs.md §4.2): a current weight {@code cw} stepping down by the gcd {@code di}
 * of the positive weights from {@code mw = max - (di - 1)}; each change of the destinations resets
 * the list pointer to the head and clamps {@code cw}.
 */
final class WeightedRoundRobinScheduler implements Scheduler {

  private final ListPointer cl = new ListPointer();
  private int cw;
  private int mw;
  private int di = 1;

  @Override
  public void added(List<Dest> dests, Dest dest) {
    changed(dests);
  }

  @Override
  public void removed(List<Dest> dests, Dest dest, int formerIndex) {
    changed(dests);
  }

  @Override
  public void updated(List<Dest> dests, Dest dest) {
    changed(dests);
  }

  private void changed(List<Dest> dests) {
    cl.toHead();
    di = gcdOfPositiveWeights(dests);
    mw = maxWeight(dests) - (di - 1);
    if (cw > mw || cw == 0) {
      cw = mw;
    } else if (di > 1) {
      cw = (cw / di) * di + 1;
    }
  }

  @Override
  public Dest schedule(List<Dest> dests, Packet packet) {
    if (mw == 0) {
      return null;
    }
    int last = cl.index(dests);
    int stop = Integer.MIN_VALUE;
    boolean lastPass = false;
    boolean restarted = false;
    int position = last;
    int n = dests.size();
    while (true) {
      for (position = position + 1; position < n; position++) {
        Dest dest = dests.get(position);
        if (!dest.overloaded && dest.weight >= cw) {
          cl.set(dests, position);
          return dest;
        }
        if (position == stop) {
          cl.set(dests, position);
          return null;
        }
      }
      position = ListPointer.HEAD;
      cw -= di;
      if (cw <= 0) {
        cw = mw;
        if (lastPass || last == ListPointer.HEAD) {
          // The kernel leaves its pointer where the scan stopped: at the head.
          cl.toHead();
          return null;
        }
        restarted = true;
      }
      lastPass = cw <= di;
      if (lastPass && restarted && last != ListPointer.HEAD) {
        stop = last;
      }
    }
  }

  static int gcdOfPositiveWeights(List<Dest> dests) {
    int g = 0;
    for (Dest dest : dests) {
      if (dest.weight > 0) {
        g = g > 0 ? KernelHash.gcd(dest.weight, g) : dest.weight;
      }
    }
    return g > 0 ? g : 1;
  }

  private static int maxWeight(List<Dest> dests) {
    int max = 0;
    for (Dest dest : dests) {
      max = Math.max(max, dest.weight);
    }
    return max;
  }
}
