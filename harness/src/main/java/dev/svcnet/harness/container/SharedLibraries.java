package dev.svcnet.harness.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The shared libraries (and the dynamic loader) that ELF programs need, as {@code ldd} reports
 * them on this host. {@code ldd} is run with an argument list, never through a shell.
 *
 * @param libraries absolute paths of the libraries and the loader
 * @param missing   sonames {@code ldd} could not find ({@code libX11.so.6 => not found})
 */
public record SharedLibraries(Set<Path> libraries, Set<String> missing) {

  private static final long LDD_TIMEOUT_SECONDS = 120;
  private static final int MIN_BATCH = 16;

  /** Copies the sets and checks that every library path is absolute. */
  public SharedLibraries {
    libraries = Set.copyOf(new TreeSet<>(Objects.requireNonNull(libraries, "libraries")));
    missing = Set.copyOf(new TreeSet<>(Objects.requireNonNull(missing, "missing")));
    for (Path library : libraries) {
      if (!library.isAbsolute()) {
        throw new IllegalArgumentException("library path must be absolute: " + library);
      }
    }
  }

  /**
   * Runs {@code ldd} over all {@code files} (in a few parallel batches) and returns the union of
   * what they need. Static executables and files that are not ELF contribute nothing.
   */
  public static SharedLibraries of(Collection<Path> files) throws IOException {
    List<Path> all = List.copyOf(files);
    int batches = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(),
        all.size() / MIN_BATCH));
    List<CompletableFuture<String>> outputs = new ArrayList<>();
    for (int batch = 0; batch < batches; batch++) {
      List<Path> slice = all.subList(all.size() * batch / batches,
          all.size() * (batch + 1) / batches);
      outputs.add(CompletableFuture.supplyAsync(() -> {
        try {
          return ldd(slice);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }));
    }
    StringBuilder combined = new StringBuilder();
    for (CompletableFuture<String> output : outputs) {
      try {
        combined.append(output.join()).append('\n');
      } catch (CompletionException e) {
        if (e.getCause() instanceof UncheckedIOException io) {
          throw io.getCause();
        }
        throw e;
      }
    }
    return parse(combined.toString());
  }

  private static String ldd(List<Path> files) throws IOException {
    if (files.isEmpty()) {
      return "";
    }
    List<String> command = new ArrayList<>();
    command.add("ldd");
    for (Path file : files) {
      command.add(file.toString());
    }
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("cannot run ldd (package libc-bin): " + e.getMessage(), e);
    }
    process.getOutputStream().close();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (!process.waitFor(LDD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("ldd did not finish within " + LDD_TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for ldd", e);
    }
    // ldd exits 1 when one of the files is static or not ELF; its output still says it all.
    return output;
  }

  /**
   * Parses {@code ldd} output for one or several files. Header lines ({@code /path:}) and
   * virtual objects without a file ({@code linux-vdso.so.1}) are ignored.
   */
  public static SharedLibraries parse(String lddOutput) {
    Set<Path> libraries = new TreeSet<>();
    Set<String> missing = new TreeSet<>();
    for (String rawLine : lddOutput.split("\n")) {
      if (rawLine.isEmpty() || !Character.isWhitespace(rawLine.charAt(0))) {
        continue; // a "file:" header of multi-file output, or an error line about a file
      }
      String line = rawLine.strip();
      int arrow = line.indexOf("=>");
      if (arrow >= 0) {
        String name = line.substring(0, arrow).strip();
        String rest = line.substring(arrow + 2).strip();
        if (rest.startsWith("not found")) {
          missing.add(name);
        } else if (rest.startsWith("/")) {
          libraries.add(Path.of(pathPart(rest)));
        }
      } else if (line.startsWith("/")) {
        libraries.add(Path.of(pathPart(line))); // the dynamic loader
      }
    }
    return new SharedLibraries(libraries, missing);
  }

  private static String pathPart(String text) {
    int space = text.indexOf(' ');
    return space < 0 ? text : text.substring(0, space);
  }
}
