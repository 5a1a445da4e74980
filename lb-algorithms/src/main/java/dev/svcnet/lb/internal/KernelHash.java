package dev.svcnet.lb.internal;

import java.net.Inet4Address;
import java.net.InetAddress;

/** The kernel's small hash helpers that the IPVS hashing schedulers use (ipvs.md §4.9–4.11). */
final class KernelHash {

  /** {@code GOLDEN_RATIO_32} from include/linux/hash.h. */
  static final int GOLDEN_RATIO_32 = 0x61C88647;

  private KernelHash() {}

  /** {@code hash_32(v, bits)}: the top {@code bits} bits of {@code v * GOLDEN_RATIO_32} (u32). */
  static int hash32(int value, int bits) {
    return (value * GOLDEN_RATIO_32) >>> (32 - bits);
  }

  /**
   * {@code ntohl(addr_fold)}: an IPv4 address as a host-order u32, or the XOR of the four 32-bit
   * words of an IPv6 address (XOR commutes with the byte swap, so the words are read big-endian).
   *
   * <p>Without allocation for IPv4: {@link Inet4Address#hashCode()} is the address as a
   * big-endian int in every JDK (checked by {@code KernelHashTest} against the bytes, so a JDK
   * that changes it fails the build, not the schedulers). IPv6 copies the 16 bytes out.
   */
  static int foldedAddress(InetAddress address) {
    if (address instanceof Inet4Address) {
      return address.hashCode();
    }
    return foldedBytes(address);
  }

  /** {@link #foldedAddress} from the address's bytes. */
  static int foldedBytes(InetAddress address) {
    byte[] bytes = address.getAddress();
    int folded = 0;
    for (int i = 0; i < bytes.length; i += 4) {
      folded ^= ((bytes[i] & 0xFF) << 24) | ((bytes[i + 1] & 0xFF) << 16)
          | ((bytes[i + 2] & 0xFF) << 8) | (bytes[i + 3] & 0xFF);
    }
    return folded;
  }

  /** Euclid's gcd of two positive ints. */
  static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /** {@code fls(x)}: the 1-based index of the most significant set bit, 0 for 0. */
  static int fls(int x) {
    return 32 - Integer.numberOfLeadingZeros(x);
  }
}
