package dev.svcnet.netfilter;

/** {@code -j ACCEPT}, {@code -j DROP}, {@code -j RETURN}. */
public enum Verdict implements Target {
  ACCEPT, DROP, RETURN
}
