package dev.svcnet.ingress;

import java.util.List;
import java.util.stream.Collectors;

/** An object failed validation; {@link #errors()} names each field. */
public final class InvalidIngressException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient List<FieldError> errors;

  public InvalidIngressException(List<FieldError> errors) {
    super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("an InvalidIngressException needs errors");
    }
    this.errors = List.copyOf(errors);
  }

  /** Every error, in field order. */
  public List<FieldError> errors() {
    return errors;
  }
}
