package dev.svcnet.netlink;

/** Receives the messages of a dump one at a time, in the order the kernel sent them. */
@FunctionalInterface
public interface MessageHandler {
  void accept(NetlinkMessage message) throws NetlinkException;
}
