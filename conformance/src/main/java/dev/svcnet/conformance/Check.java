package dev.svcnet.conformance;

import java.util.Set;

/** One capability of the suite: a property checked against a real kernel. */
public interface Check {

  /** A stable name, e.g. {@code netfilter.statistic-probability}. */
  String capability();

  /** What the check establishes, in one sentence. */
  String description();

  /** The targets this check can run on. */
  Set<Target> targets();

  /**
   * Whether the check boots the kernel {@link Settings#kernel()} names when it runs on the vm
   * target. The suite runs a check that only boots the default kernel on no other kernel (it
   * reports it not run there), so that no result is shown under a kernel it did not run on.
   */
  default boolean bootsNamedKernels() {
    return false;
  }

  /**
   * Runs the check. Returns {@link Verdict#NOT_RUN} with the reason when a prerequisite is
   * missing; never passes without having checked.
   */
  CheckResult run(Target target, Settings settings);

  /**
   * Runs the check, telling {@code progress} how far it got where the check can tell (checks
   * that run in one piece, e.g. inside a VM, report nothing until they finish).
   */
  default CheckResult run(Target target, Settings settings, Progress progress) {
    return run(target, settings);
  }
}
