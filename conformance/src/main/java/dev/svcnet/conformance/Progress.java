package dev.svcnet.conformance;

/** What a running check says about how far it got. */
@FunctionalInterface
public interface Progress {

  /** {@code done} of {@code total} units are done. */
  void update(int done, int total);

  /** Progress nobody watches. */
  static Progress ignored() {
    return (done, total) -> {};
  }
}
