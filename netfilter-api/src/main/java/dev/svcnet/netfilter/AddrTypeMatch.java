package dev.svcnet.netfilter;

/**
 * {@code -m addrtype [[!] --src-type T] [[!] --dst-type T] [--limit-iface-in|--limit-iface-out]}
 * with one type per side.
 */
public record AddrTypeMatch(Negatable<AddressType> sourceType, Negatable<AddressType> destinationType,
    boolean limitIfaceIn, boolean limitIfaceOut) implements Match {

  /** The kernel's route types. */
  public enum AddressType {
    UNSPEC, UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, BLACKHOLE, UNREACHABLE, PROHIBIT, THROW,
    NAT, XRESOLVE
  }

  /** Types the kernel refuses for IPv6 (checked with both backends). */
  public static final java.util.Set<AddressType> IPV6_UNSUPPORTED = java.util.EnumSet.of(
      AddressType.BROADCAST, AddressType.BLACKHOLE, AddressType.PROHIBIT, AddressType.THROW,
      AddressType.NAT, AddressType.XRESOLVE);

  public AddrTypeMatch {
    InvalidRuleException.require(sourceType != null || destinationType != null, "addrtype",
        "needs --src-type or --dst-type");
    InvalidRuleException.require(!(limitIfaceIn && limitIfaceOut), "addrtype",
        "--limit-iface-in and --limit-iface-out exclude each other");
  }

  public static AddrTypeMatch destination(AddressType type) {
    return new AddrTypeMatch(null, Negatable.is(type), false, false);
  }

  public static AddrTypeMatch source(AddressType type) {
    return new AddrTypeMatch(Negatable.is(type), null, false, false);
  }

  @Override
  public String module() {
    return "addrtype";
  }
}
