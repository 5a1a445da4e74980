package dev.svcnet.cli.iptables;

import dev.svcnet.cli.SvcnetCommand;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * One run of the svcnet command line with its output captured, like dev.svcnet.cli.CliRun (which
 * is package-private there), plus text on standard input.
 */
record IptablesCliRun(int exitCode, String out, String err) {

  static IptablesCliRun of(String... args) {
    return withStdin("", args);
  }

  static IptablesCliRun withStdin(String stdin, String... args) {
    Supplier<InputStream> previous = IptablesInput.stdin;
    IptablesInput.stdin = () -> new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    try {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine commandLine = new CommandLine(new SvcnetCommand());
      commandLine.setOut(new PrintWriter(out, true));
      commandLine.setErr(new PrintWriter(err, true));
      int exitCode = commandLine.execute(args);
      return new IptablesCliRun(exitCode, out.toString(), err.toString());
    } finally {
      IptablesInput.stdin = previous;
    }
  }
}
