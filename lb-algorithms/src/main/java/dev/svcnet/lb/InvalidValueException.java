package dev.svcnet.lb;

/**
 * A value given to this module is out of range or malformed. {@link #field()} names the field
 * (record component or argument) that was wrong, so callers such as a command line can point the
 * user at the right argument.
 */
public final class InvalidValueException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidValueException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** The name of the field whose value was rejected. */
  public String field() {
    return field;
  }

  static void require(boolean condition, String field, String message) {
    if (!condition) {
      throw new InvalidValueException(field, message);
    }
  }

  static <T> T notNull(T value, String field) {
    if (value == null) {
      throw new InvalidValueException(field, "must not be null");
    }
    return value;
  }
}
