package dev.svcnet.netfilter;

/**
 * {@code -j MARK --set-xmark VALUE/MASK}: the packet mark becomes {@code (mark & ~MASK) ^ VALUE}.
 * iptables-save prints every MARK form this way; the factories give the usual forms.
 */
public record MarkTarget(long value, long mask) implements Target {
  private static final long ALL = 0xffffffffL;

  public MarkTarget {
    Text.u32(value, "mark");
    Text.u32(mask, "mask");
  }

  /** {@code --set-mark V}: {@code V/0xffffffff}. */
  public static MarkTarget setMark(long value) {
    return new MarkTarget(value, ALL);
  }

  /** {@code --or-mark V}: {@code V/V}. */
  public static MarkTarget orMark(long value) {
    return new MarkTarget(value, value);
  }

  /** {@code --xor-mark V}: {@code V/0}. */
  public static MarkTarget xorMark(long value) {
    return new MarkTarget(value, 0);
  }

  /** {@code --and-mark V}: {@code 0/~V}. */
  public static MarkTarget andMark(long value) {
    return new MarkTarget(0, ~value & ALL);
  }
}
