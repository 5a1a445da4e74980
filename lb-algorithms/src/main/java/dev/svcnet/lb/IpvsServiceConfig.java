package dev.svcnet.lb;

import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How a modelled IPVS virtual service is set up: its scheduler, flags and address family, plus the
 * kernel build options and sysctls that some schedulers depend on.
 *
 * @param scheduler the scheduler
 * @param flags scheduler flags (meaningful to sh and mh)
 * @param family the service's address family; destinations must have the same one
 * @param mhTableSize mh's table size, one of the kernel's {@code CONFIG_IP_VS_MH_TAB_INDEX}
 *     primes ({@link #MH_TABLE_SIZES}); 4093 by default
 * @param localityExpiration {@code lblc_expiration} / {@code lblcr_expiration} (24 h by default)
 * @param clock the time source standing in for jiffies (lblc and lblcr expiry)
 * @param randomSeed the seed of twos' random numbers
 * @param indexedLeastConnection lc, wlc and sed keep a segment tree (O(log n) per connection
 *     event, O(1) per pick) instead of the kernel's O(n) scan; decisions are the same
 */
public record IpvsServiceConfig(
    IpvsScheduler scheduler,
    Set<SchedulerFlag> flags,
    AddressFamily family,
    int mhTableSize,
    Duration localityExpiration,
    InstantSource clock,
    long randomSeed,
    boolean indexedLeastConnection) {

  /** mh table sizes for {@code CONFIG_IP_VS_MH_TAB_INDEX} 8 to 17. */
  public static final List<Integer> MH_TABLE_SIZES =
      List.of(251, 509, 1021, 2039, 4093, 8191, 16381, 32749, 65521, 131071);

  /** mh's default table size (index 12). */
  public static final int DEFAULT_MH_TABLE_SIZE = 4093;

  /** The default lblc/lblcr expiration (24 hours). */
  public static final Duration DEFAULT_LOCALITY_EXPIRATION = Duration.ofHours(24);

  public IpvsServiceConfig {
    InvalidValueException.notNull(scheduler, "scheduler");
    InvalidValueException.notNull(flags, "flags");
    InvalidValueException.notNull(family, "family");
    flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    InvalidValueException.require(mhTableIndex(mhTableSize) >= 0, "mhTableSize",
        "must be one of the kernel's primes 251, 509, ..., 131071, was " + mhTableSize);
    InvalidValueException.notNull(localityExpiration, "localityExpiration");
    InvalidValueException.require(!localityExpiration.isNegative(), "localityExpiration",
        "must not be negative");
    InvalidValueException.notNull(clock, "clock");
  }

  /** An IPv4 service with this scheduler, no flags and the kernel's defaults. */
  public static IpvsServiceConfig of(IpvsScheduler scheduler) {
    return new IpvsServiceConfig(scheduler, Set.of(), AddressFamily.INET, DEFAULT_MH_TABLE_SIZE,
        DEFAULT_LOCALITY_EXPIRATION, InstantSource.system(), 0L, false);
  }

  public IpvsServiceConfig withFlags(Set<SchedulerFlag> newFlags) {
    return new IpvsServiceConfig(scheduler, newFlags, family, mhTableSize, localityExpiration,
        clock, randomSeed, indexedLeastConnection);
  }

  public IpvsServiceConfig withFamily(AddressFamily newFamily) {
    return new IpvsServiceConfig(scheduler, flags, newFamily, mhTableSize, localityExpiration,
        clock, randomSeed, indexedLeastConnection);
  }

  public IpvsServiceConfig withMhTableSize(int size) {
    return new IpvsServiceConfig(scheduler, flags, family, size, localityExpiration, clock,
        randomSeed, indexedLeastConnection);
  }

  public IpvsServiceConfig withLocalityExpiration(Duration expiration) {
    return new IpvsServiceConfig(scheduler, flags, family, mhTableSize, expiration, clock,
        randomSeed, indexedLeastConnection);
  }

  public IpvsServiceConfig withClock(InstantSource newClock) {
    return new IpvsServiceConfig(scheduler, flags, family, mhTableSize, localityExpiration,
        newClock, randomSeed, indexedLeastConnection);
  }

  public IpvsServiceConfig withRandomSeed(long seed) {
    return new IpvsServiceConfig(scheduler, flags, family, mhTableSize, localityExpiration, clock,
        seed, indexedLeastConnection);
  }

  public IpvsServiceConfig withIndexedLeastConnection(boolean indexed) {
    return new IpvsServiceConfig(scheduler, flags, family, mhTableSize, localityExpiration, clock,
        randomSeed, indexed);
  }

  /** Whether {@code flag} is set. */
  public boolean has(SchedulerFlag flag) {
    return flags.contains(flag);
  }

  /**
   * {@code CONFIG_IP_VS_MH_TAB_INDEX} for a table size, or -1 if the kernel cannot be built with
   * it.
   */
  public static int mhTableIndex(int size) {
    int position = MH_TABLE_SIZES.indexOf(size);
    return position < 0 ? -1 : position + 8;
  }
}
