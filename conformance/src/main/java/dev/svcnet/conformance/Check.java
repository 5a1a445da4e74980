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
