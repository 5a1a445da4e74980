package dev.svcnet.netlink.exec;

import java.util.List;
import java.util.Objects;

/** What an external program did: its argument list, exit code and captured output. */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr) {

  public CommandResult {
    argv = List.copyOf(argv);
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
  }

  public boolean succeeded() {
    return exitCode == 0;
  }

  /** One line for error messages: the command, its exit code and the tail of its stderr. */
  public String describe() {
    String err = stderr.strip();
    if (err.length() > 2000) {
      err = "..." + err.substring(err.length() - 2000);
    }
    return String.join(" ", argv) + " exited " + exitCode + (err.isEmpty() ? "" : ": " + err);
  }
}
