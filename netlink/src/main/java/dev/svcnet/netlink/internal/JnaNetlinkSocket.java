package dev.svcnet.netlink.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.svcnet.netlink.Attributes;
import dev.svcnet.netlink.AttributesHandler;
import dev.svcnet.netlink.BatchOutcome;
import dev.svcnet.netlink.Errno;
import dev.svcnet.netlink.MalformedMessageException;
import dev.svcnet.netlink.MessageHandler;
import dev.svcnet.netlink.Netlink;
import dev.svcnet.netlink.NetlinkException;
import dev.svcnet.netlink.NetlinkMessage;
import dev.svcnet.netlink.NetlinkOverrunException;
import dev.svcnet.netlink.NetlinkRequest;
import dev.svcnet.netlink.NetlinkSocket;
import dev.svcnet.netlink.NetlinkTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/** {@link NetlinkSocket} over libc through JNA direct mapping. */
public final class JnaNetlinkSocket implements NetlinkSocket {

  /**
   * Twice what the kernel fills for a dump (it caps its dump datagrams at 32 KiB, or the family's
   * minimum dump allocation when larger): one receive per datagram, no MSG_PEEK first.
   */
  static final int INITIAL_RECEIVE_BUFFER = 64 * 1024;
  private static final int SOCKET_RECEIVE_BUFFER = 4 * 1024 * 1024;
  /** Requests per datagram in a batch: their ACKs must fit the socket's receive buffer. */
  static final int BATCH_REQUESTS = 256;
  static final int BATCH_BYTES = 64 * 1024;

  private final int protocol;
  private final Duration timeout;
  private int fd = -1;
  private int portId;
  private int sequence = ThreadLocalRandom.current().nextInt(1 << 20, 1 << 30);
  /** The largest datagram a receive takes; grown when one did not fit. */
  private int datagramBytes;
  private Memory sendBuffer = new Memory(BATCH_BYTES);
  /** The datagram a dump is reading, reused: a dump copies each datagram once, into this. */
  private byte[] dumpDatagram = new byte[0];
  /** Where every receive lands, a few datagrams per system call; made on the first receive. */
  private DatagramBatch batch;
  /** Datagrams in the last batch, and the next of them to read. */
  private int batchCount;
  private int batchNext;
  /** A view of {@link #sendBuffer}, made once: JNA makes each view through JNI. */
  private ByteBuffer sendView;

  private JnaNetlinkSocket(int protocol, Duration timeout, int receiveBufferBytes) {
    this.protocol = protocol;
    this.timeout = timeout;
    this.datagramBytes = receiveBufferBytes;
  }

  public static NetlinkSocket open(int protocol, Duration timeout) throws NetlinkException {
    return open(protocol, timeout, INITIAL_RECEIVE_BUFFER);
  }

  /**
   * A socket that receives datagrams of up to {@code datagramBytes}, but never less than the
   * kernel's smallest dump datagram: {@code netlink_dump} fills at least {@code NLMSG_GOODSIZE}
   * bytes (a page less the buffer's overhead, at most 8 KiB) whatever the socket receives, so a
   * smaller room would lose datagrams. 4 KiB covers it with 4 KiB pages, 8 KiB with larger ones.
   */
  public static NetlinkSocket openForDatagrams(int protocol, Duration timeout, int datagramBytes)
      throws NetlinkException {
    int smallestDump = LibC.getpagesize() > 4096 ? 8192 : 4096;
    return open(protocol, timeout, Math.max(datagramBytes, smallestDump));
  }

  /** A socket whose receive buffer starts at {@code receiveBufferBytes} (tests use small ones). */
  static NetlinkSocket open(int protocol, Duration timeout, int receiveBufferBytes)
      throws NetlinkException {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (receiveBufferBytes < Netlink.HEADER_LENGTH) {
      throw new IllegalArgumentException("receive buffer of " + receiveBufferBytes + " bytes");
    }
    JnaNetlinkSocket socket = new JnaNetlinkSocket(protocol, timeout, receiveBufferBytes);
    try {
      socket.fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, protocol);
    } catch (LastErrorException e) {
      throw new NetlinkException("socket(AF_NETLINK, " + protocol + ")", e.getErrorCode(), null);
    }
    try {
      socket.configure();
    } catch (NetlinkException e) {
      socket.close();
      throw e;
    }
    return socket;
  }

  private void configure() throws NetlinkException {
    optionalIntOption(LibC.SOL_NETLINK, LibC.NETLINK_EXT_ACK, 1);
    optionalIntOption(LibC.SOL_NETLINK, LibC.NETLINK_CAP_ACK, 1);
    if (!optionalIntOption(LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, SOCKET_RECEIVE_BUFFER)) {
      optionalIntOption(LibC.SOL_SOCKET, LibC.SO_RCVBUF, SOCKET_RECEIVE_BUFFER);
    }
    Memory timeval = new Memory(16);
    timeval.setLong(0, timeout.toSeconds());
    timeval.setLong(8, timeout.toNanosPart() / 1000);
    try {
      LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, timeval, 16);
      LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_SNDTIMEO, timeval, 16);
    } catch (LastErrorException e) {
      throw new NetlinkException("setsockopt(SO_RCVTIMEO)", e.getErrorCode(), null);
    }
    Memory address = new Memory(12);
    address.clear();
    address.setShort(0, (short) LibC.AF_NETLINK);
    Memory addressLength = new Memory(4);
    addressLength.setInt(0, 12);
    try {
      LibC.bind(fd, address, 12);
      LibC.getsockname(fd, address, addressLength);
    } catch (LastErrorException e) {
      throw new NetlinkException("bind(AF_NETLINK)", e.getErrorCode(), null);
    }
    portId = address.getInt(4);
  }

  private boolean optionalIntOption(int level, int name, int value) {
    Memory option = new Memory(4);
    option.setInt(0, value);
    try {
      LibC.setsockopt(fd, level, name, option, 4);
      return true;
    } catch (LastErrorException e) {
      return false;
    }
  }

  @Override
  public int protocol() {
    return protocol;
  }

  @Override
  public synchronized int portId() {
    return portId;
  }

  @Override
  public synchronized List<NetlinkMessage> execute(NetlinkRequest request)
      throws NetlinkException {
    Objects.requireNonNull(request, "request");
    int seq = nextSequence();
    send(List.of(request), Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, seq);
    List<NetlinkMessage> replies = new ArrayList<>();
    while (true) {
      for (NetlinkMessage message : receive()) {
        if (message.seq() != seq) {
          continue;
        }
        switch (message.type()) {
          case Netlink.NLMSG_ERROR -> {
            NetlinkException error = errorOf(message, "request type " + request.type());
            if (error != null) {
              throw error;
            }
            return replies;
          }
          case Netlink.NLMSG_DONE -> {
            return replies;
          }
          case Netlink.NLMSG_OVERRUN ->
              throw new NetlinkOverrunException("kernel reported overrun", Errno.ENOBUFS);
          case Netlink.NLMSG_NOOP -> { }
          default -> replies.add(message);
        }
      }
    }
  }

  @Override
  public synchronized void dump(NetlinkRequest request, MessageHandler handler)
      throws NetlinkException {
    Objects.requireNonNull(handler, "handler");
    dump(request, (datagram, offset, length, type, flags, seq, portId) -> handler.accept(
        new NetlinkMessage(type, flags, seq, portId,
            Arrays.copyOfRange(datagram, offset, offset + length))));
  }

  @Override
  public synchronized void dump(NetlinkRequest request, int headerLength,
      AttributesHandler handler) throws NetlinkException {
    Objects.requireNonNull(handler, "handler");
    if (headerLength < 0) {
      throw new IllegalArgumentException("headerLength must not be negative: " + headerLength);
    }
    int skip = Netlink.align(headerLength);
    dump(request, (datagram, offset, length, type, flags, seq, portId) -> {
      if (skip > length) {
        throw new MalformedMessageException("message type " + type + " has " + length
            + " payload bytes, less than its " + headerLength + "-byte family header");
      }
      handler.accept(type, Attributes.parse(datagram, offset + skip, length - skip));
    });
  }

  /** One data message of a dump: its payload lies at {@code offset} in {@code datagram}. */
  @FunctionalInterface
  private interface PayloadHandler {
    void accept(byte[] datagram, int offset, int length, int type, int flags, int seq, int portId)
        throws NetlinkException;
  }

  private void dump(NetlinkRequest request, PayloadHandler handler) throws NetlinkException {
    Objects.requireNonNull(request, "request");
    int seq = nextSequence();
    send(List.of(request), Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, seq);
    // What an earlier dump left unread (it failed midway) belongs to no one now.
    batchNext = batchCount;
    boolean interrupted = false;
    NetlinkException handlerFailure = null;
    Throwable handlerBug = null;
    while (true) {
      int length;
      try {
        length = receiveIntoDumpDatagram();
      } catch (NetlinkTruncation e) {
        // The rest of the dump is still read and dropped, so the socket stays usable.
        handlerFailure = handlerFailure != null ? handlerFailure : e.exception;
        continue;
      }
      byte[] datagram = dumpDatagram;
      int offset = 0;
      while (offset + Netlink.HEADER_LENGTH <= length) {
        int messageLength = messageLength(datagram, offset, length);
        int type = u16(datagram, offset + 4);
        int flags = u16(datagram, offset + 6);
        int messageSeq = u32(datagram, offset + 8);
        int payload = offset + Netlink.HEADER_LENGTH;
        int payloadLength = messageLength - Netlink.HEADER_LENGTH;
        int portId = u32(datagram, offset + 12);
        offset += Netlink.align(messageLength);
        if (messageSeq != seq) {
          continue;
        }
        if (type == Netlink.NLMSG_DONE || type == Netlink.NLMSG_ERROR) {
          NetlinkMessage end = new NetlinkMessage(type, flags, messageSeq, portId,
              Arrays.copyOfRange(datagram, payload, payload + payloadLength));
          NetlinkException error = type == Netlink.NLMSG_ERROR
              ? errorOf(end, "dump of type " + request.type())
              : doneError(end, request.type());
          if (error != null) {
            throw error;
          }
          if (handlerFailure != null) {
            throw handlerFailure;
          }
          if (handlerBug instanceof RuntimeException bug) {
            throw bug;
          }
          if (handlerBug != null) {
            throw (Error) handlerBug;
          }
          if (interrupted) {
            throw new NetlinkOverrunException("dump of type " + request.type()
                + " was interrupted by a concurrent change (NLM_F_DUMP_INTR); retry it", 0);
          }
          return;
        }
        if ((flags & Netlink.NLM_F_DUMP_INTR) != 0) {
          interrupted = true;
        }
        if (type == Netlink.NLMSG_NOOP || handlerFailure != null || handlerBug != null) {
          continue;
        }
        try {
          handler.accept(datagram, payload, payloadLength, type, flags, messageSeq, portId);
        } catch (NetlinkException e) {
          handlerFailure = e;
        } catch (RuntimeException | Error e) {
          // Even an Error ends the dump only after its rest is read: the socket stays usable.
          handlerBug = e;
        }
      }
      if (offset < length && length - offset >= Netlink.ALIGN) {
        throw new MalformedMessageException((length - offset)
            + " trailing bytes after the last message");
      }
    }
  }

  /** The length field of the message at {@code offset}, checked against the datagram's end. */
  private static int messageLength(byte[] datagram, int offset, int end)
      throws MalformedMessageException {
    int length = u32(datagram, offset);
    if (length < Netlink.HEADER_LENGTH || length > end - offset) {
      throw new MalformedMessageException("message at offset " + offset + " claims length "
          + Integer.toUnsignedString(length) + " with " + (end - offset) + " bytes left");
    }
    return length;
  }

  private static int u16(byte[] data, int at) {
    return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
        ? (data[at] & 0xFF) | (data[at + 1] & 0xFF) << 8
        : (data[at] & 0xFF) << 8 | (data[at + 1] & 0xFF);
  }

  private static int u32(byte[] data, int at) {
    return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
        ? (data[at] & 0xFF) | (data[at + 1] & 0xFF) << 8 | (data[at + 2] & 0xFF) << 16
            | (data[at + 3] & 0xFF) << 24
        : (data[at] & 0xFF) << 24 | (data[at + 1] & 0xFF) << 16 | (data[at + 2] & 0xFF) << 8
            | (data[at + 3] & 0xFF);
  }

  @Override
  public synchronized List<BatchOutcome> executeBatch(List<NetlinkRequest> requests)
      throws NetlinkException {
    List<BatchOutcome> outcomes = new ArrayList<>(requests.size());
    int start = 0;
    while (start < requests.size()) {
      int end = start;
      int bytes = 0;
      while (end < requests.size() && end - start < BATCH_REQUESTS
          && (end == start || bytes + requests.get(end).length() <= BATCH_BYTES)) {
        bytes += requests.get(end).length();
        end++;
      }
      outcomes.addAll(executeChunk(requests.subList(start, end), start));
      start = end;
    }
    return outcomes;
  }

  private List<BatchOutcome> executeChunk(List<NetlinkRequest> chunk, int firstIndex)
      throws NetlinkException {
    int firstSeq = nextSequence();
    for (int i = 1; i < chunk.size(); i++) {
      nextSequence();
    }
    send(chunk, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, firstSeq);
    BatchOutcome[] outcomes = new BatchOutcome[chunk.size()];
    List<List<NetlinkMessage>> replies = new ArrayList<>();
    for (int i = 0; i < chunk.size(); i++) {
      replies.add(new ArrayList<>());
    }
    int pending = chunk.size();
    while (pending > 0) {
      for (NetlinkMessage message : receive()) {
        int slot = message.seq() - firstSeq;
        if (slot < 0 || slot >= chunk.size() || outcomes[slot] != null) {
          continue;
        }
        if (message.type() == Netlink.NLMSG_ERROR || message.type() == Netlink.NLMSG_DONE) {
          int index = firstIndex + slot;
          NetlinkException error = message.type() == Netlink.NLMSG_ERROR
              ? errorOf(message, "batch request #" + index + " (type " + chunk.get(slot).type() + ")")
              : null;
          outcomes[slot] = new BatchOutcome(index, replies.get(slot), error);
          pending--;
        } else if (message.type() != Netlink.NLMSG_NOOP) {
          replies.get(slot).add(message);
        }
      }
    }
    return Arrays.asList(outcomes);
  }

  private int nextSequence() {
    sequence = sequence == Integer.MAX_VALUE ? 1 : sequence + 1;
    return sequence;
  }

  /** Writes the requests back to back into one datagram with consecutive sequence numbers. */
  private void send(List<NetlinkRequest> requests, int extraFlags, int firstSeq)
      throws NetlinkException {
    requireOpen();
    int total = 0;
    for (NetlinkRequest request : requests) {
      total += request.length();
    }
    if (sendBuffer.size() < total) {
      sendBuffer = new Memory(total);
      sendView = null;
    }
    if (sendView == null) {
      sendView = sendBuffer.getByteBuffer(0, sendBuffer.size()).order(ByteOrder.nativeOrder());
    }
    ByteBuffer out = sendView.clear();
    int seq = firstSeq;
    for (NetlinkRequest request : requests) {
      out.putInt(request.length());
      out.putShort((short) request.type());
      out.putShort((short) (request.flags() | extraFlags));
      out.putInt(seq++);
      out.putInt(0);
      request.writeBody(out);
    }
    while (true) {
      try {
        LibC.sendto(fd, sendBuffer, total, 0, null, 0);
        return;
      } catch (LastErrorException e) {
        if (e.getErrorCode() != Errno.EINTR) {
          if (e.getErrorCode() == Errno.EAGAIN) {
            throw new NetlinkTimeoutException("sending " + total + " bytes timed out after "
                + timeout);
          }
          throw new NetlinkException("sendto", e.getErrorCode(), null);
        }
      }
    }
  }

  /** Receives one datagram and splits it into messages. */
  private List<NetlinkMessage> receive() throws NetlinkException {
    byte[] datagram;
    try {
      datagram = receiveDatagram();
    } catch (NetlinkTruncation e) {
      throw e.exception;
    }
    return NetlinkMessage.parseAll(datagram, datagram.length);
  }

  /** A datagram that did not fit the receive buffer: it is lost (the buffer has been grown). */
  private static final class NetlinkTruncation extends Exception {
    private static final long serialVersionUID = 1L;
    final transient NetlinkOverrunException exception;

    NetlinkTruncation(NetlinkOverrunException exception) {
      super(exception.getMessage(), null, false, false);
      this.exception = exception;
    }
  }

  /**
   * Receives the next datagram, copied out of the native buffer (messages parsed from it may keep
   * referring to it). The room per datagram is what the socket was opened with, by default larger
   * than any datagram the kernel fills for a dump (32 KiB at most, unless a family asks for more);
   * MSG_TRUNC reports the real length of a larger one, which is then lost: that is reported, and
   * the room grown for the retry.
   */
  private byte[] receiveDatagram() throws NetlinkException, NetlinkTruncation {
    int slot = nextSlot();
    byte[] datagram = new byte[(int) batch.length(slot)];
    batch.copy(slot, datagram, datagram.length);
    return datagram;
  }

  /**
   * Receives the next datagram of a dump into {@link #dumpDatagram}, reused from one datagram to
   * the next (dump handlers get the bytes only for the duration of their call), and returns its
   * length. Otherwise like {@link #receiveDatagram()}.
   */
  private int receiveIntoDumpDatagram() throws NetlinkException, NetlinkTruncation {
    int slot = nextSlot();
    int length = (int) batch.length(slot);
    if (dumpDatagram.length < length) {
      dumpDatagram = new byte[datagramBytes];
    }
    batch.copy(slot, dumpDatagram, length);
    return length;
  }

  /**
   * The slot of the next datagram in {@link #batch}, receiving a new batch when the last one is
   * used up. A batch holds up to {@link DatagramBatch#SLOTS} datagrams from one system call: the
   * kernel runs a dump's next step, or has queued a request's acknowledgement behind its reply,
   * by the time the first is read, so the next one is usually there already.
   */
  private int nextSlot() throws NetlinkException, NetlinkTruncation {
    if (batchNext == batchCount) {
      requireOpen();
      if (batch == null || batch.datagramBytes() != datagramBytes) {
        batch = new DatagramBatch(datagramBytes);
      }
      batchCount = receiveBatch();
      batchNext = 0;
    }
    int slot = batchNext++;
    if (batch.truncated(slot)) {
      throw truncation(batch.length(slot));
    }
    return slot;
  }

  private int receiveBatch() throws NetlinkException {
    while (true) {
      try {
        return batch.receive(fd);
      } catch (LastErrorException e) {
        switch (e.getErrorCode()) {
          case Errno.EINTR -> { }
          case Errno.EAGAIN -> throw new NetlinkTimeoutException(
              "no reply from the kernel within " + timeout);
          case Errno.ENOBUFS -> throw new NetlinkOverrunException(
              "socket receive buffer overflowed: replies were lost", Errno.ENOBUFS);
          default -> throw new NetlinkException("recvmmsg", e.getErrorCode(), null);
        }
      }
    }
  }

  /** Grows the room for the retry of a datagram of {@code length} bytes just lost. */
  private NetlinkTruncation truncation(long length) {
    int had = datagramBytes;
    datagramBytes = (int) length;
    return new NetlinkTruncation(new NetlinkOverrunException("a reply datagram of " + length
        + " bytes did not fit the " + had + "-byte receive buffer and was lost (the buffer is"
        + " now " + length + " bytes); retry the request", Errno.EMSGSIZE));
  }

  /** The error an NLMSG_ERROR carries, or null for an acknowledgement. */
  static NetlinkException errorOf(NetlinkMessage message, String what)
      throws MalformedMessageException {
    byte[] payload = message.payload();
    if (payload.length < 4) {
      throw new MalformedMessageException("NLMSG_ERROR with " + payload.length + " payload bytes");
    }
    ByteBuffer buffer = ByteBuffer.wrap(payload).order(ByteOrder.nativeOrder());
    int error = buffer.getInt(0);
    if (error == 0) {
      return null;
    }
    String extAck = null;
    if ((message.flags() & Netlink.NLM_F_ACK_TLVS) != 0 && payload.length >= 4 + 16) {
      int echoed = (message.flags() & Netlink.NLM_F_CAPPED) != 0
          ? Netlink.HEADER_LENGTH : Netlink.align(buffer.getInt(4));
      int tlvStart = 4 + echoed;
      if (tlvStart <= payload.length) {
        Attributes tlvs = Attributes.parse(payload, tlvStart, payload.length - tlvStart);
        if (tlvs.has(Netlink.NLMSGERR_ATTR_MSG)) {
          extAck = tlvs.string(Netlink.NLMSGERR_ATTR_MSG);
        }
      }
    }
    return new NetlinkException(what + " failed", -error, extAck);
  }

  /** The error an NLMSG_DONE carries at the end of a dump, or null. */
  private static NetlinkException doneError(NetlinkMessage message, int type)
      throws MalformedMessageException {
    byte[] payload = message.payload();
    if (payload.length < 4) {
      return null;
    }
    int error = ByteBuffer.wrap(payload).order(ByteOrder.nativeOrder()).getInt(0);
    if (error == 0) {
      return null;
    }
    String extAck = null;
    if ((message.flags() & Netlink.NLM_F_ACK_TLVS) != 0 && payload.length > 4) {
      Attributes tlvs = Attributes.parse(payload, 4, payload.length - 4);
      if (tlvs.has(Netlink.NLMSGERR_ATTR_MSG)) {
        extAck = tlvs.string(Netlink.NLMSGERR_ATTR_MSG);
      }
    }
    if (-error == Errno.ENOBUFS) {
      return new NetlinkOverrunException("dump of type " + type + " overran", Errno.ENOBUFS);
    }
    return new NetlinkException("dump of type " + type + " failed", -error, extAck);
  }

  private void requireOpen() throws NetlinkException {
    if (fd < 0) {
      throw new NetlinkException("netlink socket is closed", 0, null);
    }
  }

  @Override
  public synchronized void close() {
    if (fd >= 0) {
      try {
        LibC.close(fd);
      } catch (LastErrorException ignored) {
        // Nothing useful to do: the descriptor is gone either way.
      }
      fd = -1;
    }
  }
}
