package dev.svcnet.netfilter;

/**
 * What a rule does: {@code -j TARGET [options]} or {@code -g CHAIN}. Targets this library does not
 * model are {@link UnknownTarget}s, kept verbatim.
 */
public sealed interface Target
    permits Verdict, Jump, Goto, Reject, Dnat, Snat, Masquerade, MarkTarget, ConnmarkTarget,
        LogTarget, Notrack, UnknownTarget {}
