package dev.svcnet.netfilter;

/** The policy of a built-in chain. */
public enum Policy {
  ACCEPT,
  DROP
}
