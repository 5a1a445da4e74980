package dev.svcnet.cli.proxy;

import dev.svcnet.cli.SvcnetCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of a command line with its output captured (like dev.svcnet.cli.CliRun). */
record ProxyCliRun(int exitCode, String out, String err) {

  /** {@code svcnet ARGS...}. */
  static ProxyCliRun svcnet(String... args) {
    return run(new CommandLine(new SvcnetCommand()), args);
  }

  /** The render command on its own (it is attached under {@code svcnet iptables}). */
  static ProxyCliRun render(String... args) {
    return run(new CommandLine(new IptablesRenderCommand()), args);
  }

  private static ProxyCliRun run(CommandLine commandLine, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new ProxyCliRun(exitCode, out.toString(), err.toString());
  }
}
