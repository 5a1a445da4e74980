package dev.svcnet.cli.ipvs;

import dev.svcnet.cli.CliRun;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * One run of the svcnet command line with stdout and stderr captured and {@code stdin} as its
 * standard input, against the backend given (null: the real kernel): a {@link CliRun} with input
 * and backend.
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
      CliRun run = CliRun.of(args);
      return new IpvsRun(run.exitCode(), run.out(), run.err());
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
