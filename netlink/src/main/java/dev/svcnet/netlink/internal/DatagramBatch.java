package dev.svcnet.netlink.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

/**
 * Native room for a few datagrams received with one {@code recvmmsg(2)}: a dump reads a datagram
 * and, with it, the next one the kernel queued while the first was being read (its next step,
 * often just NLMSG_DONE), so a small dump costs one system call instead of two.
 *
 * <p>Layout (x86-64 and the other LP64 Linux ABIs): {@code struct mmsghdr} is a 56-byte
 * {@code struct msghdr} (name, namelen, iov, iovlen, control, controllen, flags) followed by the
 * received length, 64 bytes in all; each points at one 16-byte {@code struct iovec}.
 */
final class DatagramBatch {

  static final int SLOTS = 2;
  private static final int MMSGHDR = 64;
  private static final int MSG_IOV = 16;
  private static final int MSG_IOVLEN = 24;
  private static final int MSG_FLAGS = 48;
  private static final int MSG_LEN = 56;
  private static final int IOVEC = 16;

  private final int datagramBytes;
  private final Memory data;
  private final Memory headers = new Memory(SLOTS * (MMSGHDR + IOVEC));

  /** Room for {@link #SLOTS} datagrams of up to {@code datagramBytes} each. */
  DatagramBatch(int datagramBytes) {
    this.datagramBytes = datagramBytes;
    this.data = new Memory((long) SLOTS * datagramBytes);
    // The kernel reads the vectors and writes only each message's flags and length: set once.
    headers.clear();
    for (int i = 0; i < SLOTS; i++) {
      long iovec = SLOTS * MMSGHDR + (long) i * IOVEC;
      headers.setPointer(iovec, data.share((long) i * datagramBytes));
      headers.setLong(iovec + 8, datagramBytes);
      headers.setPointer((long) i * MMSGHDR + MSG_IOV, headers.share(iovec));
      headers.setLong((long) i * MMSGHDR + MSG_IOVLEN, 1);
    }
  }

  int datagramBytes() {
    return datagramBytes;
  }

  /**
   * Waits for one datagram and takes the ones already queued behind it, up to {@link #SLOTS};
   * returns how many. With MSG_TRUNC, a datagram larger than the room reports its real length.
   */
  int receive(int fd) throws LastErrorException {
    return LibC.recvmmsg(fd, headers, SLOTS, LibC.MSG_WAITFORONE | LibC.MSG_TRUNC, null);
  }

  /** The real length of datagram {@code i} of the last receive (larger than the room if cut). */
  long length(int i) {
    return Integer.toUnsignedLong(headers.getInt((long) i * MMSGHDR + MSG_LEN));
  }

  /** Whether datagram {@code i} of the last receive was cut to the room. */
  boolean truncated(int i) {
    return (headers.getInt((long) i * MMSGHDR + MSG_FLAGS) & LibC.MSG_TRUNC) != 0
        || length(i) > datagramBytes;
  }

  /** Copies the first {@code length} bytes of datagram {@code i} into {@code target}. */
  void copy(int i, byte[] target, int length) {
    data.read((long) i * datagramBytes, target, 0, length);
  }
}
