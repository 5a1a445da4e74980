package dev.svcnet.conformance;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How hard to try: {@code tries} random cases per property, drawn from {@code seed} so that a
 * failure is reproduced by running again with the same seed; and, on the {@code vm} target, which
 * kernel to boot.
 *
 * @param seed the seed every check draws its random cases from
 * @param tries random cases per property
 * @param faultyModels <b>test-only fault switch</b>: when true, every check compares the kernel
 *     with a deliberately wrong model, so the suite's tests can prove that a disagreement is
 *     caught, reported with its seed and shrunk. The command line never sets it.
 * @param kernel the kernel the {@code vm} target boots instead of the default one (a check that
 *     boots kernels honours it, see {@link Check#bootsNamedKernels()}), or empty
 */
public record Settings(long seed, int tries, boolean faultyModels, Optional<NamedKernel> kernel) {

  public static final int DEFAULT_TRIES = 100;

  /**
   * A kernel other than the default one, prepared for the vm target.
   *
   * @param request how the user named it ({@code --kernel=...}), for reproduce commands
   * @param dir its prepared directory
   */
  public record NamedKernel(String request, Path dir) {
    public NamedKernel {
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(dir, "dir");
    }
  }

  public Settings {
    if (tries < 1 || tries > 100_000) {
      throw new IllegalArgumentException("tries must be 1..100000, got " + tries);
    }
    Objects.requireNonNull(kernel, "kernel");
  }

  /** Settings for the default kernel. */
  public Settings(long seed, int tries, boolean faultyModels) {
    this(seed, tries, faultyModels, Optional.empty());
  }

  /** Settings with the real models (what the command line uses). */
  public Settings(long seed, int tries) {
    this(seed, tries, false);
  }

  /** The same seed and switch with another number of tries. */
  public Settings withTries(int newTries) {
    return new Settings(seed, newTries, faultyModels, kernel);
  }

  /** The same settings booting {@code named} on the vm target. */
  public Settings withKernel(NamedKernel named) {
    return new Settings(seed, tries, faultyModels, Optional.of(named));
  }
}
