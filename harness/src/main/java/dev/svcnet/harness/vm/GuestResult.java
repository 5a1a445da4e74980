package dev.svcnet.harness.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What a guest run produced.
 *
 * @param exitCode the command's exit code (0-255) as the guest's shell reported it
 * @param console everything the guest wrote on its serial console (kernel messages, the init's
 *     lines and the command's output), with {@code \r\n} turned into {@code \n}
 * @param output the command's stdout and stderr, interleaved as written
 * @param ioDir the host directory shared with the guest as {@code /svcnet-io}: files the command
 *     wrote there are here. The caller owns it (see {@link #deleteIoDir()})
 * @param bootTime from starting QEMU until the guest's init began running the command
 * @param totalTime from starting QEMU until QEMU exited
 */
public record GuestResult(int exitCode, String console, String output, Path ioDir,
    Duration bootTime, Duration totalTime) {

  /** Validates the fields. */
  public GuestResult {
    if (exitCode < 0 || exitCode > 255) {
      throw new IllegalArgumentException("exit code out of 0..255: " + exitCode);
    }
    Objects.requireNonNull(console, "console");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(ioDir, "ioDir");
    Objects.requireNonNull(bootTime, "bootTime");
    Objects.requireNonNull(totalTime, "totalTime");
  }

  /** Whether the command exited 0. */
  public boolean succeeded() {
    return exitCode == 0;
  }

  /** A file the command wrote into {@code /svcnet-io} (a relative name like {@code "report.txt"}). */
  public Path ioFile(String name) {
    Path file = ioDir.resolve(name).normalize();
    if (!file.startsWith(ioDir)) {
      throw new IllegalArgumentException("not inside the io directory: " + name);
    }
    return file;
  }

  /** The text of a file the command wrote into {@code /svcnet-io}. */
  public String readIoFile(String name) throws IOException {
    return Files.readString(ioFile(name), StandardCharsets.UTF_8);
  }

  /** Deletes the io directory and everything in it; the result's files are gone afterwards. */
  public void deleteIoDir() throws IOException {
    if (!Files.exists(ioDir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(ioDir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
