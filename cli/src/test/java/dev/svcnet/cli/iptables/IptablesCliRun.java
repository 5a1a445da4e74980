package dev.svcnet.cli.iptables;

import dev.svcnet.cli.CliRun;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * One run of the svcnet command line ({@link CliRun}) with text on standard input.
 */
record IptablesCliRun(int exitCode, String out, String err) {

  static IptablesCliRun of(String... args) {
    return withStdin("", args);
  }

  static IptablesCliRun withStdin(String stdin, String... args) {
    Supplier<InputStream> previous = IptablesInput.stdin;
    IptablesInput.stdin = () -> new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    try {
      CliRun run = CliRun.of(args);
      return new IptablesCliRun(run.exitCode(), run.out(), run.err());
    } finally {
      IptablesInput.stdin = previous;
    }
  }
}
