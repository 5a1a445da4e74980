package dev.svcnet.ingress;

import java.util.Objects;

/**
 * One validation error, rendered the way the API server renders {@code field.Error}, e.g.
 * {@code spec.rules[0].http.paths[0].path: Invalid value: "foo": must be an absolute path}.
 *
 * @param object the object, e.g. {@code Ingress default/web}
 * @param field the field path, e.g. {@code spec.rules[0].host}
 * @param type the kind of error
 * @param value the offending value (null for {@link Type#REQUIRED})
 * @param detail the message (may be empty)
 */
public record FieldError(String object, String field, Type type, String value, String detail) {

  /** The API server's error types that Ingress validation uses. */
  public enum Type {
    INVALID("Invalid value"), REQUIRED("Required value"), UNSUPPORTED("Unsupported value");

    private final String text;

    Type(String text) {
      this.text = text;
    }

    /** {@code Invalid value}, etc. */
    public String text() {
      return text;
    }
  }

  public FieldError {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(type, "type");
    detail = detail == null ? "" : detail;
  }

  /** The API server's rendering, without the object. */
  public String message() {
    StringBuilder s = new StringBuilder(field).append(": ").append(type.text());
    if (type != Type.REQUIRED && value != null) {
      s.append(": \"").append(value).append('"');
    }
    if (!detail.isEmpty()) {
      s.append(": ").append(detail);
    }
    return s.toString();
  }

  /** {@code Ingress ns/name: field: ...}. */
  @Override
  public String toString() {
    return object + ": " + message();
  }
}
