package dev.svcnet.proxy.internal;

import dev.svcnet.proxy.InvalidObjectException;

/** Throws {@link InvalidObjectException}s in the API server's words for one object. */
final class ObjectErrors {

  private final String kind;
  private final String object;

  ObjectErrors(String kind, String object) {
    this.kind = kind;
    this.object = object;
  }

  InvalidObjectException required(String field) {
    return new InvalidObjectException(kind, object, field, "Required value");
  }

  InvalidObjectException invalid(String field, Object value, String detail) {
    return new InvalidObjectException(kind, object, field,
        "Invalid value: " + render(value) + ": " + detail);
  }

  InvalidObjectException unsupported(String field, Object value, String... supported) {
    StringBuilder values = new StringBuilder();
    for (String s : supported) {
      values.append(values.length() == 0 ? "" : ", ").append('"').append(s).append('"');
    }
    return new InvalidObjectException(kind, object, field,
        "Unsupported value: " + render(value) + ": supported values: " + values);
  }

  InvalidObjectException duplicate(String field, Object value) {
    return new InvalidObjectException(kind, object, field, "Duplicate value: " + render(value));
  }

  InvalidObjectException tooMany(String field, int actual, int limit) {
    return new InvalidObjectException(kind, object, field,
        "Too many: " + actual + ": must have at most " + limit + " items");
  }

  InvalidObjectException forbidden(String field, String detail) {
    return new InvalidObjectException(kind, object, field, "Forbidden: " + detail);
  }

  private static String render(Object value) {
    return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
  }
}
