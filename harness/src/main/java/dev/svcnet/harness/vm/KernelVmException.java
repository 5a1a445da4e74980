package dev.svcnet.harness.vm;

import java.util.Objects;

/**
 * A guest could not be booted or did not finish: QEMU or the kernel is missing, the kernel could
 * not be prepared, the guest failed before running its command, or it ran out of time.
 *
 * <p>The message says what went wrong and how to fix it; {@link #consoleTail()} holds the end of
 * the guest's serial console when there was one. A command that ran and exited non-zero is not an
 * exception: see {@link GuestResult#exitCode()}.
 */
public final class KernelVmException extends Exception {

  private static final long serialVersionUID = 1L;

  /** What kind of failure this is. */
  public enum Kind {
    /** {@code qemu-system-x86_64} is not installed. */
    QEMU_MISSING,
    /** The kernel directory (vmlinuz, initrd.img, modules) does not exist or is incomplete. */
    KERNEL_MISSING,
    /** {@code scripts/prepare-kernel} failed or could not be started. */
    PREPARE_FAILED,
    /** This host cannot run the harness (not Linux x86-64, not root). */
    UNSUPPORTED_HOST,
    /** QEMU could not be started or the guest stopped before reporting its command's exit code. */
    BOOT_FAILED,
    /** The guest did not power off within the timeout; QEMU was killed. */
    TIMEOUT,
    /** The host could not prepare or read the io directory. */
    IO_FAILED
  }

  private final Kind kind;
  private final String consoleTail;

  /** A failure without console output. */
  public KernelVmException(Kind kind, String message) {
    this(kind, message, "", null);
  }

  /** A failure with the end of the guest's console (may be empty) and an optional cause. */
  public KernelVmException(Kind kind, String message, String consoleTail, Throwable cause) {
    super(compose(kind, message, consoleTail), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.consoleTail = Objects.requireNonNull(consoleTail, "consoleTail");
  }

  private static String compose(Kind kind, String message, String consoleTail) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
    if (consoleTail == null || consoleTail.isBlank()) {
      return message;
    }
    return message + "\n--- end of the guest console ---\n" + consoleTail.stripTrailing();
  }

  /** What kind of failure this is. */
  public Kind kind() {
    return kind;
  }

  /** The last lines of the guest's serial console, empty when QEMU never ran. */
  public String consoleTail() {
    return consoleTail;
  }
}
