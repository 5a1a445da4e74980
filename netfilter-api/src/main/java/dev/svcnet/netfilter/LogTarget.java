package dev.svcnet.netfilter;

/** {@code -j LOG [--log-prefix TEXT] [--log-level N]}: prefix up to 29 bytes, level 0..7 (4 is the default). */
public record LogTarget(String prefix, int level) implements Target {
  public static final int DEFAULT_LEVEL = 4;
  public static final int MAX_PREFIX_BYTES = 29;

  public LogTarget {
    if (prefix != null) {
      Text.freeText(prefix, "log-prefix", MAX_PREFIX_BYTES);
      InvalidRuleException.require(!prefix.isEmpty(), "log-prefix", "must not be empty");
    }
    if (level < 0 || level > 7) {
      throw new InvalidRuleException("log-level", "must be 0..7, got " + level);
    }
  }
}
