package dev.svcnet.conformance;

/** Hears what the suite is doing, for a live display. Every method may be left out. */
public interface SuiteListener {

  /** The suite starts on a target (a column of the report: a target and its kernel). */
  default void targetStarted(TargetRun run) {}

  /** A check starts on a target. */
  default void started(Check check, Target target) {}

  /** A running check has done {@code done} of {@code total} units (cases, cascades, ...). */
  default void progressed(Check check, Target target, int done, int total) {}

  /** A check finished (or was not run) on a target. */
  default void finished(CheckResult result) {}

  /** A listener that ignores everything. */
  static SuiteListener none() {
    return new SuiteListener() {};
  }
}
