package dev.svcnet.netlink;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Builds the body of a netlink request: an optional family header, then attributes, with
 * nesting and 4-byte alignment. Integers are in host byte order unless the method name ends in
 * {@code Be} (network order, e.g. ports). Not thread-safe; one builder per request.
 */
public final class MessageBuilder {

  private static final int MAX_ATTRIBUTE_LENGTH = 0xFFFF;
  private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

  private final int type;
  private final int flags;
  private byte[] data = new byte[64];
  private int length;
  /** Where each open nest starts, innermost last. */
  private int[] openNests = new int[4];
  private int openCount;

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
    return number(attribute, value, 2, NATIVE);
  }

  public MessageBuilder u16Be(int attribute, int value) {
    return number(attribute, value, 2, ByteOrder.BIG_ENDIAN);
  }

  public MessageBuilder u32(int attribute, int value) {
    return number(attribute, value, 4, NATIVE);
  }

  public MessageBuilder u32Be(int attribute, int value) {
    return number(attribute, value, 4, ByteOrder.BIG_ENDIAN);
  }

  public MessageBuilder u64(int attribute, long value) {
    return number(attribute, value, 8, NATIVE);
  }

  /** An attribute holding the low {@code size} bytes of {@code value} in {@code order}. */
  private MessageBuilder number(int attribute, long value, int size, ByteOrder order) {
    checkType(attribute);
    ensure(Netlink.align(4 + size));
    writeHeader(length, 4 + size, attribute);
    for (int i = 0; i < size; i++) {
      int shift = 8 * (order == ByteOrder.LITTLE_ENDIAN ? i : size - 1 - i);
      data[length + 4 + i] = (byte) (value >>> shift);
    }
    length += Netlink.align(4 + size);
    return this;
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
    if (openCount == openNests.length) {
      openNests = Arrays.copyOf(openNests, openCount * 2);
    }
    openNests[openCount++] = length;
    writeHeader(length, 0, attribute);
    length += 4;
    return this;
  }

  public MessageBuilder endNested() {
    if (openCount == 0) {
      throw new IllegalStateException("endNested() without beginNested()");
    }
    int start = openNests[--openCount];
    int nestLength = length - start;
    if (nestLength > MAX_ATTRIBUTE_LENGTH) {
      throw new IllegalArgumentException("nested attribute is too long: " + nestLength + " bytes");
    }
    int type = NATIVE == ByteOrder.LITTLE_ENDIAN
        ? (data[start + 2] & 0xFF) | (data[start + 3] & 0xFF) << 8
        : (data[start + 2] & 0xFF) << 8 | (data[start + 3] & 0xFF);
    writeHeader(start, nestLength, type);
    return this;
  }

  public NetlinkRequest build() {
    if (openCount != 0) {
      throw new IllegalStateException(openCount + " nested attribute(s) left open");
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
    boolean little = NATIVE == ByteOrder.LITTLE_ENDIAN;
    data[at] = (byte) (little ? attributeLength : attributeLength >>> 8);
    data[at + 1] = (byte) (little ? attributeLength >>> 8 : attributeLength);
    data[at + 2] = (byte) (little ? attribute : attribute >>> 8);
    data[at + 3] = (byte) (little ? attribute >>> 8 : attribute);
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
