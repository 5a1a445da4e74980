package dev.svcnet.netfilter;

/** A value that cannot be part of a rule set; {@link #field()} names the offending field. */
public final class InvalidRuleException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public InvalidRuleException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
  }

  /** The field that was rejected, e.g. {@code comment} or {@code chain}. */
  public String field() {
    return field;
  }

  static void require(boolean condition, String field, String reason) {
    if (!condition) {
      throw new InvalidRuleException(field, reason);
    }
  }

  /** As {@link #require(boolean, String, String)}, building the reason only when it is needed. */
  static void require(boolean condition, String field, java.util.function.Supplier<String> reason) {
    if (!condition) {
      throw new InvalidRuleException(field, reason.get());
    }
  }

  static <T> T notNull(T value, String field) {
    if (value == null) {
      throw new InvalidRuleException(field, "must not be null");
    }
    return value;
  }
}
