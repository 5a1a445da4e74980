package dev.svcnet.netfilter;

/** Packet and byte counters, as in {@code [packets:bytes]}. */
public record Counters(long packets, long bytes) {
  public static final Counters ZERO = new Counters(0, 0);

  public Counters {
    InvalidRuleException.require(packets >= 0, "packets", "must not be negative, got " + packets);
    InvalidRuleException.require(bytes >= 0, "bytes", "must not be negative, got " + bytes);
  }

  /** {@code [packets:bytes]}. */
  @Override
  public String toString() {
    return "[" + packets + ":" + bytes + "]";
  }
}
