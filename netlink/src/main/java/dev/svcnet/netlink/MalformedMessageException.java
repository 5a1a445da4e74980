package dev.svcnet.netlink;

/** A message from the kernel did not parse: bad length, truncated attribute, missing field. */
public final class MalformedMessageException extends NetlinkException {
  private static final long serialVersionUID = 1L;

  public MalformedMessageException(String message) {
    super(message, 0, null);
  }
}
