package dev.svcnet.netlink;

import java.io.IOException;

/**
 * The kernel refused a netlink request, or the exchange failed. Carries the errno (positive, 0
 * when there is none, e.g. for a malformed reply) and the kernel's extended-ack message if it
 * sent one.
 */
public class NetlinkException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int errno;
  private final String extAck;

  public NetlinkException(String message, int errno, String extAck) {
    super(format(message, errno, extAck));
    this.errno = Math.abs(errno);
    this.extAck = extAck;
  }

  public NetlinkException(String message, int errno, String extAck, Throwable cause) {
    this(message, errno, extAck);
    initCause(cause);
  }

  private static String format(String message, int errno, String extAck) {
    StringBuilder text = new StringBuilder(message);
    if (errno != 0) {
      text.append(": ").append(Errno.name(errno)).append(" (").append(Math.abs(errno)).append(')');
    }
    if (extAck != null && !extAck.isEmpty()) {
      text.append(": ").append(extAck);
    }
    return text.toString();
  }

  /** The positive errno, or 0 if the failure has none. */
  public int errno() {
    return errno;
  }

  /** The errno's symbolic name, e.g. {@code EEXIST}. */
  public String errnoName() {
    return Errno.name(errno);
  }

  /** The kernel's extended-ack message, or {@code null} if it sent none. */
  public String extAck() {
    return extAck;
  }
}
