package dev.svcnet.netlink;

/**
 * The socket's receive buffer overflowed (ENOBUFS) or the kernel marked a dump inconsistent
 * (NLM_F_DUMP_INTR): replies were lost, so the result would be incomplete. Nothing partial is
 * returned; retry the whole dump (or re-read the state after a batch).
 */
public final class NetlinkOverrunException extends NetlinkException {
  private static final long serialVersionUID = 1L;

  public NetlinkOverrunException(String message, int errno) {
    super(message, errno, null);
  }
}
