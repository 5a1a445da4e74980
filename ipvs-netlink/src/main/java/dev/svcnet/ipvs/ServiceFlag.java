package dev.svcnet.ipvs;

import java.util.EnumSet;
import java.util.Set;

/**
 * Virtual service flags ({@code IP_VS_SVC_F_*}). The three scheduler flags mean different things
 * to different schedulers: for sh, SCHED_1 is sh-fallback and SCHED_2 sh-port; for mh, mh-fallback
 * and mh-port.
 */
public enum ServiceFlag {
  PERSISTENT(0x0001),
  ONE_PACKET(0x0004),
  SCHED_1(0x0008),
  SCHED_2(0x0010),
  SCHED_3(0x0020);

  /** {@code values()} once: it copies the array on every call, and decoding calls it often. */
  private static final ServiceFlag[] ALL = values();

  public static final ServiceFlag SH_FALLBACK = SCHED_1;
  public static final ServiceFlag SH_PORT = SCHED_2;
  public static final ServiceFlag MH_FALLBACK = SCHED_1;
  public static final ServiceFlag MH_PORT = SCHED_2;

  /** The kernel-internal "hashed" bit, set on every service the kernel reports. */
  static final int HASHED = 0x0002;

  private final int bit;

  ServiceFlag(int bit) {
    this.bit = bit;
  }

  public int bit() {
    return bit;
  }

  public static int toBits(Set<ServiceFlag> flags) {
    int bits = 0;
    for (ServiceFlag flag : flags) {
      bits |= flag.bit;
    }
    return bits;
  }

  /** The known flags in {@code bits}; the kernel's HASHED bit and unknown bits are dropped. */
  public static Set<ServiceFlag> fromBits(int bits) {
    Set<ServiceFlag> flags = EnumSet.noneOf(ServiceFlag.class);
    for (ServiceFlag flag : ALL) {
      if ((bits & flag.bit) != 0) {
        flags.add(flag);
      }
    }
    return flags;
  }
}
