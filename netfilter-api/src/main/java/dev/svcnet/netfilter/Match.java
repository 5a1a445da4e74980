package dev.svcnet.netfilter;

/**
 * A {@code -m} match of a rule. The known modules are typed; any other module, or a known module
 * used with options this library does not model, is an {@link UnknownMatch} kept verbatim.
 */
public sealed interface Match
    permits CommentMatch, PortMatch, MultiportMatch, MarkMatch, ConntrackMatch, AddrTypeMatch,
        StatisticMatch, RecentMatch, PhysdevMatch, SetMatch, IcmpTypeMatch, UnknownMatch {

  /** The module name after {@code -m}. */
  String module();
}
