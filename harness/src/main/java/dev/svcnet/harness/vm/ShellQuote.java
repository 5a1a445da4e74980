package dev.svcnet.harness.vm;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * POSIX shell quoting for the guest's command script: every word becomes one literal argument,
 * whatever characters it holds, so nothing in it is expanded or executed by the guest's shell.
 */
public final class ShellQuote {

  private ShellQuote() {}

  /** One word in single quotes ({@code '} itself as {@code '\''}). */
  public static String quote(String word) {
    Objects.requireNonNull(word, "word");
    if (word.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a shell word cannot contain a NUL character");
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** A command line whose words are exactly {@code argv}. */
  public static String command(List<String> argv) {
    Objects.requireNonNull(argv, "argv");
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least a program name");
    }
    return argv.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
  }
}
