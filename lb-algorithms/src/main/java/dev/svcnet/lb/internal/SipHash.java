package dev.svcnet.lb.internal;

/**
 * SipHash with 64-bit state (Aumasson and Bernstein), with configurable compression and
 * finalisation rounds. The kernel's {@code hsiphash} on 64-bit builds is SipHash-1-3 returning the
 * low 32 bits (ipvs.md §4.11); {@link #hsiphash32} is that function for a 4-byte message.
 */
public final class SipHash {

  private static final long C0 = 0x736f6d6570736575L;
  private static final long C1 = 0x646f72616e646f6dL;
  private static final long C2 = 0x6c7967656e657261L;
  private static final long C3 = 0x7465646279746573L;

  private SipHash() {}

  /**
   * SipHash-c-d of {@code message} under the key (k0, k1), both read as little-endian u64s from
   * the 16 key bytes.
   */
  public static long hash(long k0, long k1, byte[] message, int compressionRounds,
      int finalizationRounds) {
    long[] v = {k0 ^ C0, k1 ^ C1, k0 ^ C2, k1 ^ C3};
    int whole = message.length - (message.length % 8);
    for (int offset = 0; offset < whole; offset += 8) {
      long m = littleEndianLong(message, offset, 8);
      v[3] ^= m;
      for (int r = 0; r < compressionRounds; r++) {
        round(v);
      }
      v[0] ^= m;
    }
    long b = ((long) message.length << 56)
        | littleEndianLong(message, whole, message.length - whole);
    v[3] ^= b;
    for (int r = 0; r < compressionRounds; r++) {
      round(v);
    }
    v[0] ^= b;
    v[2] ^= 0xff;
    for (int r = 0; r < finalizationRounds; r++) {
      round(v);
    }
    return v[0] ^ v[1] ^ v[2] ^ v[3];
  }

  /**
   * The kernel's {@code hsiphash(&v, 4, key)} on a 64-bit little-endian host: SipHash-1-3 of the
   * four bytes of {@code value} in little-endian order, low 32 bits of the result.
   */
  public static int hsiphash32(long k0, long k1, int value) {
    long v0 = k0 ^ C0;
    long v1 = k1 ^ C1;
    long v2 = k0 ^ C2;
    long v3 = k1 ^ C3;
    long b = (4L << 56) | Integer.toUnsignedLong(value);
    v3 ^= b;
    // one compression round
    v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
    v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
    v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
    v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    v0 ^= b;
    v2 ^= 0xff;
    for (int r = 0; r < 3; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    return (int) (v0 ^ v1 ^ v2 ^ v3);
  }

  private static void round(long[] v) {
    v[0] += v[1];
    v[1] = Long.rotateLeft(v[1], 13);
    v[1] ^= v[0];
    v[0] = Long.rotateLeft(v[0], 32);
    v[2] += v[3];
    v[3] = Long.rotateLeft(v[3], 16);
    v[3] ^= v[2];
    v[0] += v[3];
    v[3] = Long.rotateLeft(v[3], 21);
    v[3] ^= v[0];
    v[2] += v[1];
    v[1] = Long.rotateLeft(v[1], 17);
    v[1] ^= v[2];
    v[2] = Long.rotateLeft(v[2], 32);
  }

  private static long littleEndianLong(byte[] bytes, int offset, int length) {
    long value = 0;
    for (int i = length - 1; i >= 0; i--) {
      value = (value << 8) | (bytes[offset + i] & 0xFF);
    }
    return value;
  }
}
