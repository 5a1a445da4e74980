package dev.svcnet.lb;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/** Measures what a pick loop allocates on this thread, after it has been warmed up. */
final class PickAllocation {

  private PickAllocation() {}

  /**
   * Runs {@code round} {@code rounds} times and returns the fewest bytes this thread allocated
   * during one of the last three runs ({@code com.sun.management.ThreadMXBean
   * #getThreadAllocatedBytes}); the earlier runs let the JIT compile the loop. An allocation per
   * pick shows in every run (thousands of picks, at least 16 bytes each); a one-off event (a JIT
   * recompilation, class loading) in one run only. The round returns a value derived from its
   * picks so none can be optimised away.
   */
  static long bytesPerRound(int rounds, LongSupplier round) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long sink = 0;
    long fewest = Long.MAX_VALUE;
    for (int i = 0; i < rounds; i++) {
      long before = threads.getThreadAllocatedBytes(id);
      sink += round.getAsLong();
      long allocated = threads.getThreadAllocatedBytes(id) - before;
      if (i >= rounds - 3) {
        fewest = Math.min(fewest, allocated);
      }
    }
    if (sink == 0) {
      throw new AssertionError("the picks produced nothing");
    }
    return fewest;
  }
}
