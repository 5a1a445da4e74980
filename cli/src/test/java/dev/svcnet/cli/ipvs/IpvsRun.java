package dev.svcnet.cli.ipvs;

import dev.svcnet.cli.SvcnetCommand;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * One run of the svcnet command line with stdout and stderr captured and {@code stdin} as its
 * standard input, against the backend given (null: the real kernel). The same as
 * dev.svcnet.cli.CliRun, which is package-private there, plus input and backend.
 */
record IpvsRun(int exitCode, String out, String err) {

  static synchronized IpvsRun of(IpvsBackend.Opener backend, String stdin, String... args) {
    IpvsBackend.Opener oldOpener = IpvsBackend.opener;
    var oldInput = IpvsBackend.input;
    try {
      if (backend != null) {
        IpvsBackend.opener = backend;
      }
      byte[] bytes = stdin.getBytes(StandardCharsets.UTF_8);
      IpvsBackend.input = () -> new ByteArrayInputStream(bytes);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine commandLine = new CommandLine(new SvcnetCommand());
      commandLine.setOut(new PrintWriter(out, true));
      commandLine.setErr(new PrintWriter(err, true));
      int exitCode = commandLine.execute(args);
      return new IpvsRun(exitCode, out.toString(), err.toString());
    } finally {
      IpvsBackend.opener = oldOpener;
      IpvsBackend.input = oldInput;
    }
  }

  /** A run whose connection table is {@code connections} instead of the kernel's. */
  static synchronized IpvsRun withConnections(IpvsBackend.ConnectionReader connections,
      String... args) {
    IpvsBackend.ConnectionReader old = IpvsBackend.connections;
    try {
      IpvsBackend.connections = connections;
      return of(null, "", args);
    } finally {
      IpvsBackend.connections = old;
    }
  }

  /** A run against the real kernel. */
  static IpvsRun onKernel(String stdin, String... args) {
    return of(null, stdin, args);
  }
}
