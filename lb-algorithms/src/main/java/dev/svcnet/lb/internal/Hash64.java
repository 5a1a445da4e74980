package dev.svcnet.lb.internal;

import java.nio.charset.StandardCharsets;

/**
 * The 64-bit string hash the consistent-hash balancers use for backend ids: FNV-1a over the UTF-8
 * bytes with a seed mixed into the offset basis, finished with MurmurHash3's {@code fmix64} so
 * that every output bit depends on every input bit. Not xxHash, so tables differ from Envoy's.
 */
final class Hash64 {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private Hash64() {}

  static long hash(String text, long seed) {
    long h = FNV_OFFSET ^ mix(seed);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= FNV_PRIME;
    }
    return mix(h);
  }

  /** MurmurHash3 {@code fmix64}. */
  static long mix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
