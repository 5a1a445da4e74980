package dev.svcnet.lb;

import java.util.Locale;

/**
 * The three scheduler flag bits of a virtual service ({@code IP_VS_SVC_F_SCHED1..3}). {@code sh}
 * and {@code mh} give the first two a meaning: fallback to another destination when the hashed one
 * is unavailable, and hashing the client port as well as the address.
 */
public enum SchedulerFlag {
  /** {@code IP_VS_SVC_F_SCHED1} = {@code sh-fallback} / {@code mh-fallback}. */
  FALLBACK(0x0008, "fallback", "flag-1"),
  /** {@code IP_VS_SVC_F_SCHED2} = {@code sh-port} / {@code mh-port}. */
  PORT(0x0010, "port", "flag-2"),
  /** {@code IP_VS_SVC_F_SCHED3}, unused by the kernel's schedulers. */
  FLAG_3(0x0020, null, "flag-3");

  private final int bit;
  private final String suffix;
  private final String genericName;

  SchedulerFlag(int bit, String suffix, String genericName) {
    this.bit = bit;
    this.suffix = suffix;
    this.genericName = genericName;
  }

  /** The bit in the service's flags word. */
  public int bit() {
    return bit;
  }

  /** The name ipvsadm prints for this flag on a service using {@code scheduler}. */
  public String nameFor(IpvsScheduler scheduler) {
    boolean named = suffix != null
        && (scheduler == IpvsScheduler.SH || scheduler == IpvsScheduler.MH);
    return named ? scheduler.kernelName() + "-" + suffix : genericName;
  }

  /**
   * Parses an ipvsadm flag name: {@code sh-fallback}, {@code sh-port}, {@code mh-fallback},
   * {@code mh-port}, {@code flag-1}, {@code flag-2} or {@code flag-3}.
   *
   * @throws InvalidValueException naming {@code flags}
   */
  public static SchedulerFlag parse(String name) {
    InvalidValueException.notNull(name, "flags");
    String lower = name.trim().toLowerCase(Locale.ROOT);
    for (SchedulerFlag flag : values()) {
      if (lower.equals(flag.genericName)
          || (flag.suffix != null && (lower.equals("sh-" + flag.suffix)
              || lower.equals("mh-" + flag.suffix)))) {
        return flag;
      }
    }
    throw new InvalidValueException("flags", "unknown scheduler flag '" + name + "'");
  }
}
