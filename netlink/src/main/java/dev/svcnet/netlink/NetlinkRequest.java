package dev.svcnet.netlink;

import java.util.Arrays;

/**
 * A request ready to send: message type, flags, and the body after the 16-byte netlink header
 * (family header and attributes, aligned). The socket adds the header, NLM_F_REQUEST and the
 * sequence number. Build one with {@link MessageBuilder}.
 */
public record NetlinkRequest(int type, int flags, byte[] body) {

  public NetlinkRequest {
    if (type < 0 || type > 0xFFFF) {
      throw new IllegalArgumentException("message type must be 0..65535, got " + type);
    }
    if (flags < 0 || flags > 0xFFFF) {
      throw new IllegalArgumentException("flags must be 0..65535, got " + flags);
    }
    body = body.clone();
    if (body.length % Netlink.ALIGN != 0) {
      throw new IllegalArgumentException("body length " + body.length + " is not 4-aligned");
    }
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /** Writes the body into {@code out} at its position, without copying it first. */
  public void writeBody(java.nio.ByteBuffer out) {
    out.put(body);
  }

  /** The length on the wire, header included. */
  public int length() {
    return Netlink.HEADER_LENGTH + body.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NetlinkRequest that && type == that.type && flags == that.flags
        && Arrays.equals(body, that.body);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * type + flags) + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "NetlinkRequest[type=" + type + ", flags=0x" + Integer.toHexString(flags)
        + ", body=" + body.length + " bytes]";
  }
}
