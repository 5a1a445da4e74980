package dev.svcnet.harness.vm;

import java.util.List;

/**
 * A test of an {@link InKernelVm} class failed in the guest. The message holds the guest's
 * message, stack trace and output; the stack trace is the guest's (parsed from its text).
 */
public final class GuestTestFailure extends AssertionError {

  private static final long serialVersionUID = 1L;

  GuestTestFailure(String message, List<StackTraceElement> guestFrames) {
    super(message);
    if (!guestFrames.isEmpty()) {
      setStackTrace(guestFrames.toArray(StackTraceElement[]::new));
    }
  }
}
