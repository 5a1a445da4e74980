package dev.svcnet.conformance;

/** The outcome of one check on one target. */
public enum Verdict {
  PASSED,
  FAILED,
  /** A prerequisite was missing; the result's detail says which and how to get it. */
  NOT_RUN
}
