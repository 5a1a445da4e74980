package dev.svcnet.netlink;

/** No reply came within the socket's timeout. The request may or may not have taken effect. */
public final class NetlinkTimeoutException extends NetlinkException {
  private static final long serialVersionUID = 1L;

  public NetlinkTimeoutException(String message) {
    super(message, Errno.EAGAIN, null);
  }
}
