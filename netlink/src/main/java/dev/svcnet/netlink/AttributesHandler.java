package dev.svcnet.netlink;

/**
 * Receives the replies of a dump as their attributes, one at a time, in the order the kernel sent
 * them: the fast path for large dumps, as no message is copied out of its datagram.
 */
@FunctionalInterface
public interface AttributesHandler {
  /**
   * One reply.
   *
   * @param type the message's netlink type
   * @param attributes the attributes after the message's family header; they read the socket's
   *     reused datagram buffer, so they are valid only until this call returns (decode what is
   *     needed, keep no {@code Attributes})
   */
  void accept(int type, Attributes attributes) throws NetlinkException;
}
