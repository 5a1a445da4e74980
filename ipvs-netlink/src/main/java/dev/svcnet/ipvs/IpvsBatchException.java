package dev.svcnet.ipvs;

import java.util.List;

/**
 * Some operations of a batch failed. The kernel applied the others (it goes on after a failure);
 * {@link #failures()} says which failed and why, by index into the batch.
 */
public final class IpvsBatchException extends IpvsException {
  private static final long serialVersionUID = 1L;

  /** Operation {@code index} of the batch failed with {@code error}. */
  public record Failure(int index, IpvsOperation operation, IpvsException error) {}

  private final transient List<Failure> failures;

  public IpvsBatchException(List<Failure> failures) {
    super(failures.size() + " operation(s) of the batch failed, first #" + failures.get(0).index()
        + " " + failures.get(0).operation() + ": " + failures.get(0).error().getMessage(),
        failures.get(0).error().errno(), failures.get(0).error().extAck(), failures.get(0).error());
    this.failures = List.copyOf(failures);
  }

  public List<Failure> failures() {
    return failures;
  }
}
