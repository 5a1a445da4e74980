package dev.svcnet.netlink;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A parsed run of netlink attributes. Unknown attributes are kept and simply never asked for; a
 * repeated type answers with its last occurrence. Getters throw {@link MalformedMessageException}
 * when the attribute is missing or its payload has the wrong size, so a bad reply is an error
 * value, never an unchecked exception.
 *
 * <p>Parsing records where each attribute lies (three ints per attribute in one array) and
 * reads values straight from the message bytes: decoding a dump of many thousand messages
 * allocates little beyond the values it returns.
 */
public final class Attributes {

  /** One attribute: its type (flags masked off) and where its payload lies. */
  public record Attribute(int type, boolean nested, int offset, int length) {}

  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
  private static final int NESTED_BIT = 1 << 16;

  /** Types below this are found through a table, not by a scan (most families use few). */
  private static final int INDEXED_TYPES = 32;

  private final byte[] data;
  /** Per attribute: type (| NESTED_BIT when nested), payload offset, payload length. */
  private final int[] entries;
  private final int count;
  /** For each type below {@link #INDEXED_TYPES}: 1 + the index of its last attribute, or 0. */
  private final byte[] lastIndexOfType;

  private Attributes(byte[] data, int[] entries, int count, byte[] lastIndexOfType) {
    this.data = data;
    this.entries = entries;
    this.count = count;
    this.lastIndexOfType = lastIndexOfType;
  }

  /**
   * Parses {@code length} bytes of attributes starting at {@code offset}. The attributes read
   * {@code data} where it lies: the caller must not change it afterwards.
   */
  public static Attributes parse(byte[] data, int offset, int length)
      throws MalformedMessageException {
    if (offset < 0 || length < 0 || offset + length > data.length) {
      throw new MalformedMessageException("attribute range " + offset + "+" + length
          + " outside a " + data.length + "-byte message");
    }
    int end = offset + length;
    // First pass: check every length and count; second: record where each attribute lies.
    int count = 0;
    for (int position = offset; end - position >= 4; count++) {
      int attributeLength = u16At(data, position);
      if (attributeLength < 4 || attributeLength > end - position) {
        throw new MalformedMessageException("attribute type "
            + (u16At(data, position + 2) & Netlink.NLA_TYPE_MASK) + " at offset " + position
            + " claims length " + attributeLength + " with " + (end - position) + " bytes left");
      }
      position += Math.min(Netlink.align(attributeLength), end - position);
    }
    int[] entries = new int[3 * count];
    byte[] lastIndexOfType = count < 0xFF ? new byte[INDEXED_TYPES] : null;
    int position = offset;
    for (int i = 0; i < count; i++) {
      int attributeLength = u16At(data, position);
      int rawType = u16At(data, position + 2);
      int type = rawType & Netlink.NLA_TYPE_MASK;
      if (lastIndexOfType != null && type < INDEXED_TYPES) {
        lastIndexOfType[type] = (byte) (i + 1);
      }
      entries[3 * i] = type | ((rawType & Netlink.NLA_F_NESTED) != 0 ? NESTED_BIT : 0);
      entries[3 * i + 1] = position + 4;
      entries[3 * i + 2] = attributeLength - 4;
      position += Math.min(Netlink.align(attributeLength), end - position);
    }
    return new Attributes(data, entries, count, lastIndexOfType);
  }

  /** Every attribute, in wire order. */
  public List<Attribute> all() {
    List<Attribute> all = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      all.add(new Attribute(entries[3 * i] & 0xFFFF, (entries[3 * i] & NESTED_BIT) != 0,
          entries[3 * i + 1], entries[3 * i + 2]));
    }
    return Collections.unmodifiableList(all);
  }

  public boolean has(int type) {
    return find(type) >= 0;
  }

  /** The index of the last attribute of {@code type}, or -1. */
  private int find(int type) {
    if (lastIndexOfType != null && type >= 0 && type < INDEXED_TYPES) {
      return (lastIndexOfType[type] & 0xFF) - 1;
    }
    for (int i = count - 1; i >= 0; i--) {
      if ((entries[3 * i] & 0xFFFF) == type) {
        return i;
      }
    }
    return -1;
  }

  /** The payload offset of the last attribute of {@code type}, checked to hold enough bytes. */
  private int require(int type, int minimumLength) throws MalformedMessageException {
    return entries[3 * requireIndex(type, minimumLength) + 1];
  }

  private int requireIndex(int type, int minimumLength) throws MalformedMessageException {
    int index = find(type);
    if (index < 0) {
      throw new MalformedMessageException("attribute " + type + " is missing");
    }
    int length = entries[3 * index + 2];
    if (length < minimumLength) {
      throw new MalformedMessageException("attribute " + type + " has " + length
          + " bytes, needs " + minimumLength);
    }
    return index;
  }

  public int u8(int type) throws MalformedMessageException {
    return data[require(type, 1)] & 0xFF;
  }

  public int u16(int type) throws MalformedMessageException {
    return u16At(data, require(type, 2));
  }

  public int u16Be(int type) throws MalformedMessageException {
    int at = require(type, 2);
    return (data[at] & 0xFF) << 8 | (data[at + 1] & 0xFF);
  }

  /** A u32 in host order, as an int (use {@link Integer#toUnsignedLong} for the unsigned value). */
  public int u32(int type) throws MalformedMessageException {
    int at = require(type, 4);
    return LITTLE_ENDIAN ? u32Le(data, at) : u32Be(data, at);
  }

  public int u32Be(int type) throws MalformedMessageException {
    return u32Be(data, require(type, 4));
  }

  public long u64(int type) throws MalformedMessageException {
    int at = require(type, 8);
    return LITTLE_ENDIAN
        ? Integer.toUnsignedLong(u32Le(data, at + 4)) << 32 | Integer.toUnsignedLong(u32Le(data, at))
        : Integer.toUnsignedLong(u32Be(data, at)) << 32 | Integer.toUnsignedLong(u32Be(data, at + 4));
  }

  /** {@link #u64} when the attribute is present, else {@code absent}. */
  public long u64(int type, long absent) throws MalformedMessageException {
    return has(type) ? u64(type) : absent;
  }

  /** {@link #u32} as an unsigned value when the attribute is present, else {@code absent}. */
  public long u32Unsigned(int type, long absent) throws MalformedMessageException {
    return has(type) ? Integer.toUnsignedLong(u32(type)) : absent;
  }

  /** A string, up to its first NUL (or the payload's end). */
  public String string(int type) throws MalformedMessageException {
    int index = requireIndex(type, 0);
    int start = entries[3 * index + 1];
    int limit = start + entries[3 * index + 2];
    int end = start;
    while (end < limit && data[end] != 0) {
      end++;
    }
    return new String(data, start, end - start, StandardCharsets.UTF_8);
  }

  public byte[] bytes(int type) throws MalformedMessageException {
    int index = requireIndex(type, 0);
    int start = entries[3 * index + 1];
    return Arrays.copyOfRange(data, start, start + entries[3 * index + 2]);
  }

  /** The first {@code length} payload bytes (the payload must have at least that many). */
  public byte[] bytes(int type, int length) throws MalformedMessageException {
    int start = require(type, length);
    return Arrays.copyOfRange(data, start, start + length);
  }

  public Attributes nested(int type) throws MalformedMessageException {
    int index = requireIndex(type, 0);
    return parse(data, entries[3 * index + 1], entries[3 * index + 2]);
  }

  private static int u16At(byte[] data, int at) {
    return LITTLE_ENDIAN ? (data[at] & 0xFF) | (data[at + 1] & 0xFF) << 8
        : (data[at] & 0xFF) << 8 | (data[at + 1] & 0xFF);
  }

  private static int u32Le(byte[] data, int at) {
    return (data[at] & 0xFF) | (data[at + 1] & 0xFF) << 8 | (data[at + 2] & 0xFF) << 16
        | (data[at + 3] & 0xFF) << 24;
  }

  private static int u32Be(byte[] data, int at) {
    return (data[at] & 0xFF) << 24 | (data[at + 1] & 0xFF) << 16 | (data[at + 2] & 0xFF) << 8
        | (data[at + 3] & 0xFF);
  }
}
