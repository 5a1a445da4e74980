package dev.svcnet.conformance;

/**
 * How hard to try: {@code tries} random cases per property, drawn from {@code seed} so that a
 * failure is reproduced by running again with the same seed.
 *
 * @param seed the seed every check draws its random cases from
 * @param tries random cases per property
 * @param faultyModels <b>test-only fault switch</b>: when true, every check compares the kernel
 *     with a deliberately wrong model, so the suite's tests can prove that a disagreement is
 *     caught, reported with its seed and shrunk. The command line never sets it.
 */
public record Settings(long seed, int tries, boolean faultyModels) {

  public static final int DEFAULT_TRIES = 100;

  public Settings {
    if (tries < 1 || tries > 100_000) {
      throw new IllegalArgumentException("tries must be 1..100000, got " + tries);
    }
  }

  /** Settings with the real models (what the command line uses). */
  public Settings(long seed, int tries) {
    this(seed, tries, false);
  }

  /** The same seed and switch with another number of tries. */
  public Settings withTries(int newTries) {
    return new Settings(seed, newTries, faultyModels);
  }
}
