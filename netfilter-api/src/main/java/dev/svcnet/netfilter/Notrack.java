package dev.svcnet.netfilter;

/** {@code -j NOTRACK} (raw table): the packet is not tracked by conntrack. */
public record Notrack() implements Target {}
