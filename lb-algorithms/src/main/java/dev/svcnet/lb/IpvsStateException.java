package dev.svcnet.lb;

/**
 * An event does not fit the state of a modelled service, where the kernel answers with an errno:
 * adding a destination that exists ({@code EEXIST}), editing or deleting one that does not
 * ({@code ENOENT}), or using a connection the service does not hold.
 */
public final class IpvsStateException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final String errno;

  public IpvsStateException(String errno, String message) {
    super(message + " (" + errno + ")");
    this.errno = errno;
  }

  /** The kernel's errno name for this situation, e.g. {@code EEXIST}. */
  public String errno() {
    return errno;
  }
}
