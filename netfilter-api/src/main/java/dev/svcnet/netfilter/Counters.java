package dev.svcnet.netfilter;

/** Packet and byte counters, as in {@code [packets:bytes]}. */
public record Counters(long packets, long bytes) {
  public static final Counters ZERO = new Counters(0, 0);

  public Counters {
    if (packets < 0) {
      throw new InvalidRuleException("packets", "must not be negative, got " + packets);
    }
    if (bytes < 0) {
      throw new InvalidRuleException("bytes", "must not be negative, got " + bytes);
    }
  }

  /** {@code [packets:bytes]}. */
  @Override
  public String toString() {
    return "[" + packets + ":" + bytes + "]";
  }
}
