package dev.svcnet.lb;

import java.util.Locale;

/**
 * The IPVS schedulers this module models, by their kernel module names ({@code ip_vs_<name>}).
 * Every one follows the kernel's algorithm exactly, including list order and tie-breaks; see the
 * javadoc of each constant for what state it keeps and whether its choices are reproducible.
 */
public enum IpvsScheduler {
  /** Round robin: a pointer to the last pick; skips weight 0 and overloaded destinations. */
  RR("rr", false),
  /** Weighted round robin: current weight stepping down by the gcd of the weights. */
  WRR("wrr", false),
  /** Least connection: minimum of {@code active*256 + inactive}. */
  LC("lc", false),
  /** Weighted least connection: minimum overhead/weight by cross-multiplication. */
  WLC("wlc", false),
  /** Shortest expected delay: minimum {@code (active+1)/weight}. */
  SED("sed", false),
  /** Never queue: an idle destination at once, else as sed. */
  NQ("nq", false),
  /** Weighted fail-over: the highest weight. */
  FO("fo", false),
  /** Overflow: the highest weight among destinations with active connections not above weight. */
  OVF("ovf", false),
  /** Source hashing over a 256-bucket table (flags {@code sh-fallback}, {@code sh-port}). */
  SH("sh", true),
  /** Destination hashing over a 256-bucket table. */
  DH("dh", true),
  /** Maglev hashing (flags {@code mh-fallback}, {@code mh-port}); 4093 slots by default. */
  MH("mh", true),
  /** Locality-based least connection: a cache from destination address to real server. */
  LBLC("lblc", false),
  /** Locality-based least connection with replication: a cache to a set of real servers. */
  LBLCR("lblcr", false),
  /** Power of two choices: two random weighted picks, the less loaded wins. Not reproducible. */
  TWOS("twos", false);

  private final String kernelName;
  private final boolean hashing;

  IpvsScheduler(String kernelName, boolean hashing) {
    this.kernelName = kernelName;
    this.hashing = hashing;
  }

  /** The kernel's name, as given to ipvsadm {@code -s}. */
  public String kernelName() {
    return kernelName;
  }

  /** Whether picks are a pure function of the packet's addresses (sh, dh, mh). */
  public boolean isHashing() {
    return hashing;
  }

  /**
   * The scheduler with this kernel name.
   *
   * @throws InvalidValueException naming {@code scheduler} if there is none
   */
  public static IpvsScheduler byName(String name) {
    InvalidValueException.notNull(name, "scheduler");
    for (IpvsScheduler scheduler : values()) {
      if (scheduler.kernelName.equals(name.toLowerCase(Locale.ROOT))) {
        return scheduler;
      }
    }
    throw new InvalidValueException("scheduler", "unknown scheduler '" + name + "'");
  }

  @Override
  public String toString() {
    return kernelName;
  }
}
