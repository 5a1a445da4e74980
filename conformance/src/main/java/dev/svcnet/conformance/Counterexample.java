package dev.svcnet.conformance;

import java.util.Objects;

/**
 * A failing case, as first found and after shrinking, with the command that reproduces it.
 *
 * @param seed the seed the failing case was drawn from
 * @param first the first failing case found (as text)
 * @param firstSize its size (cases, steps or table entries: the check says which)
 * @param minimal the smallest failing case shrinking found
 * @param minimalSize its size, in the same unit; never above {@code firstSize}
 * @param problem what the kernel and the model disagree on for the minimal case
 * @param reproduce the exact {@code svcnet conformance ...} command that finds it again
 */
public record Counterexample(long seed, String first, int firstSize, String minimal,
    int minimalSize, String problem, String reproduce) {

  public Counterexample {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(minimal, "minimal");
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(reproduce, "reproduce");
    if (minimalSize < 1 || minimalSize > firstSize) {
      throw new IllegalArgumentException("minimalSize must be 1.." + firstSize + ", got "
          + minimalSize);
    }
  }

  /**
   * The command line that re-runs one capability on one target with this seed and tries (and the
   * named kernel, on the vm target).
   */
  public static String reproduceCommand(Target target, String capability, Settings settings) {
    return "./svcnet conformance --target=" + target.cliName()
        + (target == Target.VM ? settings.kernel().map(k -> " --kernel=" + k.request()).orElse("")
            : "")
        + " --capability=" + capability + " --seed=" + settings.seed() + " --tries="
        + settings.tries();
  }
}
