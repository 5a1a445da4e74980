package dev.svcnet.cli.ingress;

import dev.svcnet.cli.SvcnetCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of the svcnet command line with its output captured. */
record IngressCliRun(int exitCode, String out, String err) {

  static IngressCliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new SvcnetCommand());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new IngressCliRun(exitCode, out.toString(), err.toString());
  }
}
