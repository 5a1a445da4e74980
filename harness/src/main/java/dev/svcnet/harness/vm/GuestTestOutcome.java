package dev.svcnet.harness.vm;

import java.util.Objects;

/**
 * How one test (or container: class, template) ended in the guest's JUnit run.
 *
 * @param uniqueId the JUnit unique id, the same on the host for the same test
 * @param container whether this is a container (class, nested class, template) and not a test
 * @param status how it ended
 * @param message the throwable's message, or the skip reason; empty when none
 * @param stackTrace the throwable's full stack trace; empty when none
 * @param output what the test wrote to stdout and stderr in the guest (captured by JUnit)
 */
public record GuestTestOutcome(String uniqueId, boolean container, Status status, String message,
    String stackTrace, String output) {

  /** How a test ended. */
  public enum Status {
    /** Passed. */
    SUCCESSFUL,
    /** An assertion or other exception failed it. */
    FAILED,
    /** An assumption stopped it. */
    ABORTED,
    /** Not run: disabled or a condition said so. */
    SKIPPED
  }

  /** Validates the fields. */
  public GuestTestOutcome {
    Objects.requireNonNull(uniqueId, "uniqueId");
    if (uniqueId.isBlank()) {
      throw new IllegalArgumentException("blank unique id");
    }
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(stackTrace, "stackTrace");
    Objects.requireNonNull(output, "output");
  }
}
