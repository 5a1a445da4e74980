package dev.svcnet.netfilter.internal;

/** One restore token: its value after unquoting, its text as written, and its 1-based column. */
public record Token(String value, String raw, int column) {}
