package dev.svcnet.lb.internal;

import dev.svcnet.lb.Packet;
import java.util.List;

/**
 * One IPVS scheduler's hooks. {@code dests} is always the service's list in kernel order (newest
 * first) after the change; the hooks run exactly where the kernel calls {@code add_dest},
 * {@code del_dest} and {@code upd_dest}.
 */
interface Scheduler {

  /** {@code add_dest}: {@code dest} was just inserted at the head. */
  default void added(List<Dest> dests, Dest dest) {}

  /** {@code del_dest}: {@code dest} was just unlinked from position {@code formerIndex}. */
  default void removed(List<Dest> dests, Dest dest, int formerIndex) {}

  /** {@code upd_dest}: weight or thresholds of {@code dest} were just edited. */
  default void updated(List<Dest> dests, Dest dest) {}

  /**
   * Counters or the overload flag of {@code dest} changed (a connection was bound, unbound or
   * changed state). The kernel has no such hook; indexed variants use it to stay current.
   */
  default void countersChanged(List<Dest> dests, Dest dest) {}

  /** {@code schedule}: the destination for a new connection, or null. */
  Dest schedule(List<Dest> dests, Packet packet);
}
