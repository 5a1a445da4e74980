package dev.svcnet.conformance;

/**
 * How hard to try: {@code tries} random cases per property, drawn from {@code seed} so that a
 * failure is reproduced by running again with the same seed.
 */
public record Settings(long seed, int tries) {

  public static final int DEFAULT_TRIES = 100;

  public Settings {
    if (tries < 1 || tries > 100_000) {
      throw new IllegalArgumentException("tries must be 1..100000, got " + tries);
    }
  }
}
