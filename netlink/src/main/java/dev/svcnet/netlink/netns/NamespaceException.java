package dev.svcnet.netlink.netns;

import java.io.IOException;

/** A network namespace could not be created, entered or configured; the message says why. */
public class NamespaceException extends IOException {
  private static final long serialVersionUID = 1L;

  public NamespaceException(String message) {
    super(message);
  }

  public NamespaceException(String message, Throwable cause) {
    super(message, cause);
  }
}
