package dev.svcnet.proxy.sync;

import java.time.Duration;
import java.util.Objects;

/**
 * The figures of one successful sync.
 *
 * @param full whether it was a full sync (every chain written, stale chains looked up in the
 *     kernel) rather than a partial one
 * @param duration wall-clock time from the start of rendering to the end of the kernel update
 * @param written iptables mode: chains written (created or replaced), built-in chains included;
 *     IPVS mode: ipsets created and ipset entries added, iptables chains written, virtual
 *     servers and real servers added or updated, and addresses bound
 * @param deleted iptables mode: chains deleted; IPVS mode: ipset entries deleted and sets
 *     destroyed, virtual servers and real servers deleted, and addresses unbound
 * @param rulesWritten rules in the written iptables chains
 * @param servicePortsRendered iptables mode: service ports rendered by this sync (every one on a
 *     full sync, only those of the changed Services on a partial one); IPVS mode: 0
 * @param realServersDraining IPVS mode: real servers no longer planned that the sync left in the
 *     kernel with weight 0 because connections still use them (kube-proxy's graceful
 *     termination; a later sync deletes each once its connection counters are zero); iptables
 *     mode: 0
 */
public record SyncResult(boolean full, Duration duration, int written, int deleted,
    int rulesWritten, int servicePortsRendered, int realServersDraining) {

  /** Figures of an iptables-mode sync (no real servers). */
  public SyncResult(boolean full, Duration duration, int written, int deleted, int rulesWritten,
      int servicePortsRendered) {
    this(full, duration, written, deleted, rulesWritten, servicePortsRendered, 0);
  }

  public SyncResult {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative, got " + duration);
    }
    if (written < 0 || deleted < 0 || rulesWritten < 0 || servicePortsRendered < 0
        || realServersDraining < 0) {
      throw new IllegalArgumentException("counts must not be negative, got written=" + written
          + " deleted=" + deleted + " rulesWritten=" + rulesWritten + " servicePortsRendered="
          + servicePortsRendered + " realServersDraining=" + realServersDraining);
    }
  }

  /** Whether the sync changed nothing in the kernel. */
  public boolean wroteNothing() {
    return written == 0 && deleted == 0;
  }
}
