package dev.svcnet.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One message received from the kernel: header fields and the payload after the header. */
public record NetlinkMessage(int type, int flags, int seq, int portId, byte[] payload) {

  public NetlinkMessage {
    payload = payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload length without copying it. */
  public int payloadLength() {
    return payload.length;
  }

  /**
   * The attributes that follow a family header of {@code headerLength} bytes (4 for generic
   * netlink).
   */
  public Attributes attributes(int headerLength) throws MalformedMessageException {
    if (headerLength < 0 || Netlink.align(headerLength) > payload.length) {
      throw new MalformedMessageException("message type " + type + " has " + payload.length
          + " payload bytes, less than its " + headerLength + "-byte family header");
    }
    int start = Netlink.align(headerLength);
    return Attributes.parse(payload, start, payload.length - start);
  }

  /** The generic netlink command (first payload byte). */
  public int genlCommand() throws MalformedMessageException {
    if (payload.length < 4) {
      throw new MalformedMessageException("generic netlink message shorter than its header");
    }
    return payload[0] & 0xFF;
  }

  /**
   * Splits one received datagram into messages.
   *
   * @throws MalformedMessageException if a length field is inconsistent
   */
  public static List<NetlinkMessage> parseAll(byte[] datagram, int length)
      throws MalformedMessageException {
    List<NetlinkMessage> messages = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.wrap(datagram, 0, length).order(ByteOrder.nativeOrder());
    int offset = 0;
    while (offset + Netlink.HEADER_LENGTH <= length) {
      int messageLength = buffer.getInt(offset);
      if (messageLength < Netlink.HEADER_LENGTH || messageLength > length - offset) {
        throw new MalformedMessageException("message at offset " + offset + " claims length "
            + Integer.toUnsignedString(messageLength) + " with " + (length - offset)
            + " bytes left");
      }
      int type = buffer.getShort(offset + 4) & 0xFFFF;
      int flags = buffer.getShort(offset + 6) & 0xFFFF;
      int seq = buffer.getInt(offset + 8);
      int portId = buffer.getInt(offset + 12);
      byte[] payload = Arrays.copyOfRange(datagram, offset + Netlink.HEADER_LENGTH,
          offset + messageLength);
      messages.add(new NetlinkMessage(type, flags, seq, portId, payload));
      offset += Netlink.align(messageLength);
    }
    if (offset < length && length - offset >= Netlink.ALIGN) {
      throw new MalformedMessageException((length - offset) + " trailing bytes after the last message");
    }
    return messages;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NetlinkMessage that && type == that.type && flags == that.flags
        && seq == that.seq && portId == that.portId && Arrays.equals(payload, that.payload);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(payload) * 31 + seq;
  }

  @Override
  public String toString() {
    return "NetlinkMessage[type=" + type + ", flags=0x" + Integer.toHexString(flags) + ", seq="
        + seq + ", payload=" + payload.length + " bytes]";
  }
}
