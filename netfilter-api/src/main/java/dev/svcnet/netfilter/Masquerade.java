package dev.svcnet.netfilter;

/** {@code -j MASQUERADE [--to-ports P[-Q]] [--random] [--random-fully]} (nat table). */
public record Masquerade(PortRange toPorts, boolean random, boolean randomFully) implements Target {
  public static final Masquerade PLAIN = new Masquerade(null, false, false);
}
