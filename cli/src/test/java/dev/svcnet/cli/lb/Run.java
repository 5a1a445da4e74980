package dev.svcnet.cli.lb;

import dev.svcnet.cli.SvcnetCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One run of {@link SvcnetCommand#execute} with System.out and System.err captured. */
record Run(int exitCode, String out, String err) {

  static synchronized Run of(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exitCode = SvcnetCommand.execute(args);
      System.out.flush();
      System.err.flush();
      return new Run(exitCode, out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  String[] lines() {
    return out.strip().split("\\R");
  }
}
