package dev.svcnet.netlink.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/**
 * An external program run with an argument list (never through a shell), optional bytes on its
 * stdin, and a time limit. It runs in the network namespace of the calling thread.
 */
public record ExternalCommand(List<String> argv, byte[] stdin, Duration timeout) {

  public ExternalCommand {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv must name a program");
    }
    stdin = stdin == null ? new byte[0] : stdin.clone();
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
  }

  /** {@code program args...} with no input and a 60 s limit. */
  public static ExternalCommand of(String... argv) {
    return new ExternalCommand(List.of(argv), null, Duration.ofSeconds(60));
  }

  public ExternalCommand withStdin(String text) {
    return new ExternalCommand(argv, text.getBytes(StandardCharsets.UTF_8), timeout);
  }

  public ExternalCommand withTimeout(Duration limit) {
    return new ExternalCommand(argv, stdin, limit);
  }

  /**
   * Runs the program to completion.
   *
   * @throws IOException if it cannot be started (the message names the program) or exceeds the
   *     time limit (it is then killed)
   */
  public CommandResult run() throws IOException {
    Process process;
    try {
      process = new ProcessBuilder(argv).start();
    } catch (IOException e) {
      throw new IOException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
    }
    FutureTask<byte[]> out = drain(process.getInputStream());
    FutureTask<byte[]> err = drain(process.getErrorStream());
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin);
    } catch (IOException ignored) {
      // The program closed its stdin early; its exit code says what happened.
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor();
        throw new IOException(String.join(" ", argv) + " did not finish within " + timeout);
      }
      return new CommandResult(argv, process.exitValue(),
          new String(out.get(), StandardCharsets.UTF_8), new String(err.get(), StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + argv.get(0), e);
    } catch (ExecutionException e) {
      throw new IOException("cannot read the output of " + argv.get(0), e.getCause());
    }
  }

  /** Runs the program and fails unless it exits 0; returns its stdout. */
  public String runChecked() throws IOException {
    CommandResult result = run();
    if (!result.succeeded()) {
      throw new IOException(result.describe());
    }
    return result.stdout();
  }

  /** Reads a whole stream on its own daemon thread, so stdout and stderr never block each other. */
  private static FutureTask<byte[]> drain(InputStream stream) {
    FutureTask<byte[]> task = new FutureTask<>(() -> {
      try (stream) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        stream.transferTo(buffer);
        return buffer.toByteArray();
      }
    });
    Thread reader = new Thread(task, "svcnet-command-output");
    reader.setDaemon(true);
    reader.start();
    return task;
  }
}
