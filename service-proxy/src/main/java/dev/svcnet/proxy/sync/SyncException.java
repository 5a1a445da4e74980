package dev.svcnet.proxy.sync;

/**
 * A sync that did not complete: the restore program refused the update or could not run. The
 * cause is the {@link dev.svcnet.netfilter.RestoreException} (naming the refused rule) or the
 * {@link java.io.IOException}. The next sync is a full one.
 */
public final class SyncException extends Exception {
  private static final long serialVersionUID = 1L;

  public SyncException(String message, Throwable cause) {
    super(message + ": " + cause.getMessage(), cause);
  }
}
