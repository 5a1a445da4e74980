package dev.svcnet.ipvs;

import java.io.IOException;

/** A line of {@code /proc/net/ip_vs_conn} that is not as the kernel prints it. */
public final class ConnectionTableException extends IOException {
  private final int line;

  public ConnectionTableException(int line, String message) {
    super("ip_vs_conn line " + line + ": " + message);
    this.line = line;
  }

  /** The line (1 = the title). */
  public int line() {
    return line;
  }
}
