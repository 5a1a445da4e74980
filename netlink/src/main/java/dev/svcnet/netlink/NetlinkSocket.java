package dev.svcnet.netlink;

import dev.svcnet.netlink.internal.JnaNetlinkSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A netlink socket to the kernel. It belongs to the network namespace of the thread that opened
 * it (see {@link dev.svcnet.netlink.netns.NetworkNamespace}) and keeps it for life.
 *
 * <p>Every request carries its own sequence number; replies to other sequence numbers (left
 * over from a request that timed out) are discarded, so a reply never reaches the wrong
 * caller. Methods are thread-safe: calls on one socket are serialised.
 */
public interface NetlinkSocket extends AutoCloseable {

  /** The default time to wait for each reply datagram. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Opens a socket for {@code protocol} (e.g. {@link Netlink#NETLINK_GENERIC}). */
  static NetlinkSocket open(int protocol) throws NetlinkException {
    return open(protocol, DEFAULT_TIMEOUT);
  }

  /** Opens a socket whose receives give up after {@code timeout}. */
  static NetlinkSocket open(int protocol, Duration timeout) throws NetlinkException {
    return JnaNetlinkSocket.open(protocol, timeout);
  }

  /**
   * Opens a socket that receives datagrams of up to {@code datagramBytes} (64 KiB by default).
   * The kernel sizes each step of a dump to the largest receive the socket has made (capped at
   * 32 KiB, and at least about 4 KiB or what the family asks for), so a socket that only dumps
   * small replies is cheaper with a small size: 7,680 bytes keeps the kernel's buffer in its
   * 8 KiB slab instead of a 32 KiB page allocation per step. A size below the kernel's smallest
   * dump datagram (4 KiB with 4 KiB pages, 8 KiB with larger pages) is raised to it, so that no
   * dump datagram is cut. A datagram larger than the size (a family that asks for a larger
   * minimum) is still detected: it is reported lost ({@link NetlinkOverrunException}) and the
   * size grows to fit the retry.
   */
  static NetlinkSocket open(int protocol, Duration timeout, int datagramBytes)
      throws NetlinkException {
    return JnaNetlinkSocket.openForDatagrams(protocol, timeout, datagramBytes);
  }

  int protocol();

  /** The port id the kernel assigned to this socket. */
  int portId();

  /**
   * Sends {@code request} with NLM_F_ACK and waits for the kernel's acknowledgement.
   *
   * @return the data replies that came before the acknowledgement (empty for most changes)
   * @throws NetlinkException with errno and extended-ack text if the kernel refused it
   */
  List<NetlinkMessage> execute(NetlinkRequest request) throws NetlinkException;

  /**
   * Sends {@code request} as a dump (NLM_F_DUMP) and hands each reply to {@code handler} until
   * the kernel says done. If the handler throws (even an {@link Error}), the rest of the dump is
   * read and dropped and the handler's exception is rethrown, so the socket stays usable.
   *
   * @throws NetlinkOverrunException if replies were lost or the dump was interrupted: retry it
   */
  void dump(NetlinkRequest request, MessageHandler handler) throws NetlinkException;

  /**
   * {@link #dump(NetlinkRequest, MessageHandler)} handing over each reply's attributes (after a
   * family header of {@code headerLength} bytes, 4 for generic netlink) without copying the
   * message: what a dump of many thousand replies should use. Each datagram is copied once,
   * into a buffer the socket reuses, so the attributes are valid only during the handler's call.
   *
   * @throws MalformedMessageException if a reply is shorter than its family header
   */
  void dump(NetlinkRequest request, int headerLength, AttributesHandler handler)
      throws NetlinkException;

  /** {@link #dump(NetlinkRequest, MessageHandler)} collected into a list. */
  default List<NetlinkMessage> dump(NetlinkRequest request) throws NetlinkException {
    List<NetlinkMessage> messages = new ArrayList<>();
    dump(request, messages::add);
    return messages;
  }

  /**
   * Sends many requests with few system calls (several per datagram) and matches each
   * acknowledgement back to its request. The kernel handles them in order and goes on after a
   * failure, so every request gets its own outcome.
   *
   * @throws NetlinkException only if the exchange itself failed (then which requests took effect
   *     is unknown: re-read the state)
   */
  List<BatchOutcome> executeBatch(List<NetlinkRequest> requests) throws NetlinkException;

  @Override
  void close();
}
