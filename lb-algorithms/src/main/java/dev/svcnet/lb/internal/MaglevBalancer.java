package dev.svcnet.lb.internal;

import dev.svcnet.lb.Backend;
import dev.svcnet.lb.Balancer;
import dev.svcnet.lb.InvalidValueException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Maglev hashing (ipvs.md §5): backends sorted by id for a build independent of input order; each
 * has a permutation {@code (offset + j * skip) mod M} with offset {@code h1(id) mod M} and skip
 * {@code h2(id) mod (M-1) + 1}; in each iteration every backend whose turn it is claims its next
 * preferred free entry until all M are taken. Turns follow Envoy's weighting: a backend is skipped
 * while {@code iteration * weight < target}, and its target grows by the largest weight each time
 * it claims an entry, so every backend gets at least one entry and shares follow the weights.
 */
public final class MaglevBalancer implements Balancer {

  private static final class Table {
    final List<Backend> backends;
    final Backend[] entries;

    Table(List<Backend> backends, Backend[] entries) {
      this.backends = backends;
      this.entries = entries;
    }
  }

  private final int tableSize;
  private final RandomSource random = new RandomSource(null);
  private volatile Table table;

  public MaglevBalancer(int tableSize) {
    if (tableSize < 3 || !BigInteger.valueOf(tableSize).isProbablePrime(50)) {
      throw new InvalidValueException("tableSize", "must be a prime of at least 3, was "
          + tableSize);
    }
    this.tableSize = tableSize;
    this.table = new Table(List.of(), null);
  }

  @Override
  public Backend pick(long key) {
    Backend[] entries = table.entries;
    return entries == null ? null : entries[(int) Long.remainderUnsigned(key, tableSize)];
  }

  @Override
  public Backend next() {
    return pick(random.nextLong());
  }

  @Override
  public void update(List<Backend> backends) {
    List<Backend> copy = BackendList.copyOf(backends);
    table = new Table(copy, build(BackendList.weighted(copy), tableSize));
  }

  @Override
  public List<Backend> backends() {
    return table.backends;
  }

  /** The table: entry i's backend, or null when no backend has weight. */
  static Backend[] build(Backend[] weighted, int size) {
    if (weighted.length == 0) {
      return null;
    }
    Backend[] hosts = weighted.clone();
    Arrays.sort(hosts, Comparator.comparing(Backend::id));
    int n = hosts.length;
    long[] next = new long[n];
    long[] skip = new long[n];
    long[] target = new long[n];
    long maxWeight = 0;
    for (int i = 0; i < n; i++) {
      next[i] = Long.remainderUnsigned(Hash64.hash(hosts[i].id(), 0), size);
      skip[i] = Long.remainderUnsigned(Hash64.hash(hosts[i].id(), 1), size - 1) + 1;
      maxWeight = Math.max(maxWeight, hosts[i].weight());
    }
    Backend[] entries = new Backend[size];
    int filled = 0;
    for (long iteration = 0; filled < size; iteration++) {
      for (int i = 0; i < n && filled < size; i++) {
        if (iteration * hosts[i].weight() < target[i]) {
          continue;
        }
        target[i] += maxWeight;
        int slot = (int) next[i];
        while (entries[slot] != null) {
          slot = (int) ((slot + skip[i]) % size);
        }
        entries[slot] = hosts[i];
        next[i] = (slot + skip[i]) % size;
        filled++;
      }
    }
    return entries;
  }

  /** The current table, for tests. */
  Backend[] entries() {
    Backend[] entries = table.entries;
    return entries == null ? new Backend[0] : entries.clone();
  }
}
