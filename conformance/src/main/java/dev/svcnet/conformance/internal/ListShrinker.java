package dev.svcnet.conformance.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Shrinks a failing case that is a list (probabilities, steps, services): first removes as many
 * elements as it can (halves, then quarters, ... then single elements, while the rest still
 * fails), then replaces each remaining element by the first simpler one that still fails. Every
 * probe runs against the real kernel, so a budget caps how many are tried.
 */
public final class ListShrinker<T> {

  /** Whether a candidate still fails. */
  @FunctionalInterface
  public interface Probe<T> {
    boolean fails(List<T> candidate) throws Exception;
  }

  /** Simpler versions of one element, simplest first (may be empty). */
  @FunctionalInterface
  public interface Simplifier<T> {
    List<T> simpler(T element);
  }

  private final Probe<T> probe;
  private final Simplifier<T> simplifier;
  private int budget;

  public ListShrinker(Probe<T> probe, Simplifier<T> simplifier, int maxProbes) {
    this.probe = probe;
    this.simplifier = simplifier;
    this.budget = maxProbes;
  }

  /** The smallest failing list found, starting from {@code failing} (which must fail). */
  public List<T> shrink(List<T> failing) throws Exception {
    List<T> current = new ArrayList<>(failing);
    int chunk = Math.max(1, current.size() / 2);
    while (budget > 0) {
      boolean removed = false;
      for (int start = 0; start < current.size() && budget > 0 && current.size() > 1; ) {
        int end = Math.min(current.size(), start + chunk);
        if (end - start == current.size()) {
          start = end;
          continue;
        }
        List<T> candidate = new ArrayList<>(current.subList(0, start));
        candidate.addAll(current.subList(end, current.size()));
        if (tryProbe(candidate)) {
          current = candidate;
          removed = true;
        } else {
          start = end;
        }
      }
      if (chunk == 1 && !removed) {
        break;
      }
      chunk = removed ? chunk : Math.max(1, chunk / 2);
    }
    for (int i = 0; i < current.size() && budget > 0; i++) {
      boolean simplified = true;
      while (simplified && budget > 0) {
        simplified = false;
        for (T simpler : simplifier.simpler(current.get(i))) {
          List<T> candidate = new ArrayList<>(current);
          candidate.set(i, simpler);
          if (tryProbe(candidate)) {
            current = candidate;
            simplified = true;
            break;
          }
          if (budget == 0) {
            break;
          }
        }
      }
    }
    return List.copyOf(current);
  }

  private boolean tryProbe(List<T> candidate) throws Exception {
    budget--;
    return probe.fails(candidate);
  }
}
