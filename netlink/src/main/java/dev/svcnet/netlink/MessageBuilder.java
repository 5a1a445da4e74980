package dev.svcnet.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Objects;

/**
 * Builds the body of a netlink request: an optional family header, then attributes, with
 * nesting and 4-byte alignment. Integers are in host byte order unless the method name ends in
 * {@code Be} (network order, e.g. ports). Not thread-safe; one builder per request.
 */
public final class MessageBuilder {

  private static final int MAX_ATTRIBUTE_LENGTH = 0xFFFF;

  private final int type;
  private final int flags;
  private byte[] data = new byte[64];
  private int length;
  private final Deque<Integer> openNests = new ArrayDeque<>();

  private MessageBuilder(int type, int flags) {
    this.type = type;
    this.flags = flags;
  }

  /** A request of message {@code type} with {@code flags} (NLM_F_REQUEST is added on send). */
  public static MessageBuilder request(int type, int flags) {
    return new MessageBuilder(type, flags);
  }

  /** The 4-byte generic netlink header: command, version, reserved. */
  public MessageBuilder genlHeader(int command, int version) {
    requireNoAttributesYet();
    ensure(4);
    data[length] = (byte) command;
    data[length + 1] = (byte) version;
    length += 4;
    return this;
  }

  /** A raw family header (aligned with zero padding). */
  public MessageBuilder familyHeader(byte[] header) {
    requireNoAttributesYet();
    put(header);
    return this;
  }

  public MessageBuilder u8(int attribute, int value) {
    return attribute(attribute, new byte[] {(byte) value});
  }

  public MessageBuilder u16(int attribute, int value) {
    return attribute(attribute, ByteBuffer.allocate(2).order(ByteOrder.nativeOrder())
        .putShort((short) value).array());
  }

  public MessageBuilder u16Be(int attribute, int value) {
    return attribute(attribute, ByteBuffer.allocate(2).order(ByteOrder.BIG_ENDIAN)
        .putShort((short) value).array());
  }

  public MessageBuilder u32(int attribute, int value) {
    return attribute(attribute, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder())
        .putInt(value).array());
  }

  public MessageBuilder u32Be(int attribute, int value) {
    return attribute(attribute, ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN)
        .putInt(value).array());
  }

  public MessageBuilder u64(int attribute, long value) {
    return attribute(attribute, ByteBuffer.allocate(8).order(ByteOrder.nativeOrder())
        .putLong(value).array());
  }

  /** A NUL-terminated string. */
  public MessageBuilder string(int attribute, String value) {
    byte[] text = value.getBytes(StandardCharsets.UTF_8);
    for (byte b : text) {
      if (b == 0) {
        throw new IllegalArgumentException("attribute " + attribute + " string contains NUL");
      }
    }
    return attribute(attribute, Arrays.copyOf(text, text.length + 1));
  }

  /** A zero-length flag attribute. */
  public MessageBuilder flag(int attribute) {
    return attribute(attribute, new byte[0]);
  }

  /** An attribute with raw bytes as payload. */
  public MessageBuilder attribute(int attribute, byte[] payload) {
    Objects.requireNonNull(payload, "payload");
    checkType(attribute);
    int attributeLength = 4 + payload.length;
    if (attributeLength > MAX_ATTRIBUTE_LENGTH) {
      throw new IllegalArgumentException("attribute " + attribute + " is too long: "
          + payload.length + " bytes");
    }
    ensure(Netlink.align(attributeLength));
    writeHeader(length, attributeLength, attribute);
    System.arraycopy(payload, 0, data, length + 4, payload.length);
    length += Netlink.align(attributeLength);
    return this;
  }

  /** Opens a nested attribute; close it with {@link #endNested()}. */
  public MessageBuilder beginNested(int attribute) {
    checkType(attribute);
    ensure(4);
    openNests.push(length);
    writeHeader(length, 0, attribute);
    length += 4;
    return this;
  }

  public MessageBuilder endNested() {
    if (openNests.isEmpty()) {
      throw new IllegalStateException("endNested() without beginNested()");
    }
    int start = openNests.pop();
    int nestLength = length - start;
    if (nestLength > MAX_ATTRIBUTE_LENGTH) {
      throw new IllegalArgumentException("nested attribute is too long: " + nestLength + " bytes");
    }
    int type = ByteBuffer.wrap(data, start + 2, 2).order(ByteOrder.nativeOrder()).getShort();
    writeHeader(start, nestLength, type & 0xFFFF);
    return this;
  }

  public NetlinkRequest build() {
    if (!openNests.isEmpty()) {
      throw new IllegalStateException(openNests.size() + " nested attribute(s) left open");
    }
    return new NetlinkRequest(type, flags, Arrays.copyOf(data, length));
  }

  private void requireNoAttributesYet() {
    if (length != 0) {
      throw new IllegalStateException("the family header must come first");
    }
  }

  private static void checkType(int attribute) {
    if (attribute < 0 || attribute > Netlink.NLA_TYPE_MASK) {
      throw new IllegalArgumentException("attribute type must be 0.." + Netlink.NLA_TYPE_MASK
          + ", got " + attribute);
    }
  }

  private void writeHeader(int at, int attributeLength, int attribute) {
    ByteBuffer.wrap(data, at, 4).order(ByteOrder.nativeOrder())
        .putShort((short) attributeLength).putShort((short) attribute);
  }

  private void put(byte[] bytes) {
    ensure(Netlink.align(bytes.length));
    System.arraycopy(bytes, 0, data, length, bytes.length);
    length += Netlink.align(bytes.length);
  }

  private void ensure(int more) {
    if (length + more > data.length) {
      data = Arrays.copyOf(data, Math.max(data.length * 2, length + more));
    }
  }
}
