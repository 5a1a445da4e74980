package dev.svcnet.netfilter;

/** A value matched as is, or negated with {@code !}. */
public record Negatable<T>(T value, boolean negated) {

  public Negatable {
    InvalidRuleException.notNull(value, "value");
  }

  public static <T> Negatable<T> is(T value) {
    return new Negatable<>(value, false);
  }

  public static <T> Negatable<T> not(T value) {
    return new Negatable<>(value, true);
  }
}
