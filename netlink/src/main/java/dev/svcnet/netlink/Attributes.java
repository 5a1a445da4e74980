package dev.svcnet.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed run of netlink attributes. Unknown attributes are kept and simply never asked for; a
 * repeated type answers with its last occurrence. Getters throw {@link MalformedMessageException}
 * when the attribute is missing or its payload has the wrong size, so a bad reply is an error
 * value, never an unchecked exception.
 */
public final class Attributes {

  /** One attribute: its type (flags masked off) and where its payload lies. */
  public record Attribute(int type, boolean nested, int offset, int length) {}

  private final byte[] data;
  private final List<Attribute> attributes;

  private Attributes(byte[] data, List<Attribute> attributes) {
    this.data = data;
    this.attributes = attributes;
  }

  /** Parses {@code length} bytes of attributes starting at {@code offset}. */
  public static Attributes parse(byte[] data, int offset, int length)
      throws MalformedMessageException {
    if (offset < 0 || length < 0 || offset + length > data.length) {
      throw new MalformedMessageException("attribute range " + offset + "+" + length
          + " outside a " + data.length + "-byte message");
    }
    List<Attribute> found = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
    int position = offset;
    int end = offset + length;
    while (end - position >= 4) {
      int attributeLength = buffer.getShort(position) & 0xFFFF;
      int rawType = buffer.getShort(position + 2) & 0xFFFF;
      if (attributeLength < 4 || attributeLength > end - position) {
        throw new MalformedMessageException("attribute type " + (rawType & Netlink.NLA_TYPE_MASK)
            + " at offset " + position + " claims length " + attributeLength + " with "
            + (end - position) + " bytes left");
      }
      found.add(new Attribute(rawType & Netlink.NLA_TYPE_MASK,
          (rawType & Netlink.NLA_F_NESTED) != 0, position + 4, attributeLength - 4));
      position += Math.min(Netlink.align(attributeLength), end - position);
    }
    return new Attributes(data, List.copyOf(found));
  }

  /** Every attribute, in wire order. */
  public List<Attribute> all() {
    return attributes;
  }

  public boolean has(int type) {
    return find(type) != null;
  }

  private Attribute find(int type) {
    for (int i = attributes.size() - 1; i >= 0; i--) {
      if (attributes.get(i).type() == type) {
        return attributes.get(i);
      }
    }
    return null;
  }

  private Attribute require(int type, int minimumLength) throws MalformedMessageException {
    Attribute attribute = find(type);
    if (attribute == null) {
      throw new MalformedMessageException("attribute " + type + " is missing");
    }
    if (attribute.length() < minimumLength) {
      throw new MalformedMessageException("attribute " + type + " has " + attribute.length()
          + " bytes, needs " + minimumLength);
    }
    return attribute;
  }

  private ByteBuffer view(Attribute attribute, ByteOrder order) {
    return ByteBuffer.wrap(data, attribute.offset(), attribute.length()).order(order);
  }

  public int u8(int type) throws MalformedMessageException {
    return data[require(type, 1).offset()] & 0xFF;
  }

  public int u16(int type) throws MalformedMessageException {
    Attribute a = require(type, 2);
    return view(a, ByteOrder.nativeOrder()).getShort(a.offset()) & 0xFFFF;
  }

  public int u16Be(int type) throws MalformedMessageException {
    Attribute a = require(type, 2);
    return view(a, ByteOrder.BIG_ENDIAN).getShort(a.offset()) & 0xFFFF;
  }

  /** A u32 in host order, as an int (use {@link Integer#toUnsignedLong} for the unsigned value). */
  public int u32(int type) throws MalformedMessageException {
    Attribute a = require(type, 4);
    return view(a, ByteOrder.nativeOrder()).getInt(a.offset());
  }

  public int u32Be(int type) throws MalformedMessageException {
    Attribute a = require(type, 4);
    return view(a, ByteOrder.BIG_ENDIAN).getInt(a.offset());
  }

  public long u64(int type) throws MalformedMessageException {
    Attribute a = require(type, 8);
    return view(a, ByteOrder.nativeOrder()).getLong(a.offset());
  }

  /** A string, up to its first NUL (or the payload's end). */
  public String string(int type) throws MalformedMessageException {
    Attribute a = require(type, 0);
    int end = a.offset();
    while (end < a.offset() + a.length() && data[end] != 0) {
      end++;
    }
    return new String(data, a.offset(), end - a.offset(), StandardCharsets.UTF_8);
  }

  public byte[] bytes(int type) throws MalformedMessageException {
    Attribute a = require(type, 0);
    return Arrays.copyOfRange(data, a.offset(), a.offset() + a.length());
  }

  public Attributes nested(int type) throws MalformedMessageException {
    Attribute a = require(type, 0);
    return parse(data, a.offset(), a.length());
  }
}
