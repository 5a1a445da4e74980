package dev.svcnet.proxy;

/**
 * A Kubernetes object the API server would reject. The message names the object and the field
 * as the API server does: {@code Service "ns/web": spec.ports[1].port: Invalid value: 0: must be
 * between 1 and 65535, inclusive}.
 */
public final class InvalidObjectException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String kind;
  private final String object;
  private final String field;

  public InvalidObjectException(String kind, String object, String field, String detail) {
    super(kind + " \"" + object + "\": " + field + ": " + detail);
    this.kind = kind;
    this.object = object;
    this.field = field;
  }

  /** {@code Service}, {@code EndpointSlice} or {@code Pod}. */
  public String kind() {
    return kind;
  }

  /** {@code namespace/name}. */
  public String object() {
    return object;
  }

  /** The field path, e.g. {@code spec.ports[1].port}. */
  public String field() {
    return field;
  }
}
