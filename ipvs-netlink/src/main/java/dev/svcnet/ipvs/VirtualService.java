package dev.svcnet.ipvs;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A virtual service as the kernel stores it.
 *
 * @param id protocol/address/port or firewall mark
 * @param scheduler scheduler name, e.g. {@code rr}, {@code wlc}, {@code mh} (at most 15 bytes)
 * @param flags service flags; {@link ServiceFlag#PERSISTENT} makes clients stick to a server
 * @param timeoutSeconds persistence timeout in seconds (ipvsadm's default for {@code -p} is 360)
 * @param netmaskPrefix persistence granularity as a prefix length: 0..32 for IPv4 (the kernel
 *     stores a mask), 1..128 for IPv6; full-length means per client address
 * @param persistenceEngine persistence engine (e.g. {@code sip}), or {@code null}
 */
public record VirtualService(ServiceId id, String scheduler, Set<ServiceFlag> flags,
    int timeoutSeconds, int netmaskPrefix, String persistenceEngine) {

  /** IP_VS_SCHEDNAME_MAXLEN and IP_VS_PENAME_MAXLEN are 16 with the NUL. */
  public static final int MAX_NAME_LENGTH = 15;

  public VirtualService {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(scheduler, "scheduler");
    checkName("scheduler", scheduler);
    flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    if (timeoutSeconds < 0) {
      throw new IllegalArgumentException(id + ": timeout must be >= 0 seconds, got "
          + timeoutSeconds);
    }
    int maxPrefix = id.ipv6() ? 128 : 32;
    int minPrefix = id.ipv6() ? 1 : 0;
    if (netmaskPrefix < minPrefix || netmaskPrefix > maxPrefix) {
      throw new IllegalArgumentException(id + ": netmask prefix must be " + minPrefix + ".."
          + maxPrefix + ", got " + netmaskPrefix);
    }
    if (persistenceEngine != null) {
      checkName("persistence engine", persistenceEngine);
    }
  }

  private static void checkName(String field, String name) {
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(field + " name must be 1.." + MAX_NAME_LENGTH
          + " characters, got '" + name + "'");
    }
    for (char c : name.toCharArray()) {
      if (c <= ' ' || c >= 0x7f) {
        throw new IllegalArgumentException(field + " name '" + name
            + "' may only contain printable ASCII");
      }
    }
  }

  /** A non-persistent service with scheduler {@code scheduler}. */
  public static VirtualService of(ServiceId id, String scheduler) {
    return new VirtualService(id, scheduler, Set.of(), 0, id.ipv6() ? 128 : 32, null);
  }

  public boolean persistent() {
    return flags.contains(ServiceFlag.PERSISTENT);
  }

  public VirtualService withScheduler(String name) {
    return new VirtualService(id, name, flags, timeoutSeconds, netmaskPrefix, persistenceEngine);
  }

  public VirtualService withFlags(Set<ServiceFlag> newFlags) {
    return new VirtualService(id, scheduler, newFlags, timeoutSeconds, netmaskPrefix,
        persistenceEngine);
  }

  /** Persistent for {@code seconds}, per client address. */
  public VirtualService withPersistence(int seconds) {
    Set<ServiceFlag> newFlags = EnumSet.of(ServiceFlag.PERSISTENT);
    newFlags.addAll(flags);
    return new VirtualService(id, scheduler, newFlags, seconds, netmaskPrefix, persistenceEngine);
  }

  public VirtualService withNetmaskPrefix(int prefix) {
    return new VirtualService(id, scheduler, flags, timeoutSeconds, prefix, persistenceEngine);
  }

  public VirtualService withPersistenceEngine(String engine) {
    return new VirtualService(id, scheduler, flags, timeoutSeconds, netmaskPrefix, engine);
  }
}
