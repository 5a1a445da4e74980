package dev.svcnet.proxy.sync;

import java.time.Duration;
import java.util.Objects;

/**
 * The figures of one successful sync.
 *
 * @param full whether it was a full sync (every chain written, stale chains looked up in the
 *     kernel) rather than a partial one
 * @param duration wall-clock time from the start of rendering to the end of the kernel update
 * @param chainsWritten chains written (created or replaced), built-in chains included
 * @param chainsDeleted chains deleted
 * @param rulesWritten rules in the written chains
 */
public record SyncResult(boolean full, Duration duration, int chainsWritten, int chainsDeleted,
    int rulesWritten) {

  public SyncResult {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, got " + duration);
    }
    if (chainsWritten < 0 || chainsDeleted < 0 || rulesWritten < 0) {
      throw new IllegalArgumentException("counts must not be negative, got chainsWritten="
          + chainsWritten + " chainsDeleted=" + chainsDeleted + " rulesWritten=" + rulesWritten);
    }
  }

  /** Whether the sync changed nothing in the kernel. */
  public boolean wroteNothing() {
    return chainsWritten == 0 && chainsDeleted == 0;
  }
}
