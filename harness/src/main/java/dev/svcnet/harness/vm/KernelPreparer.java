package dev.svcnet.harness.vm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code scripts/prepare-kernel} (no shell: an argument list) when no kernel is prepared. */
final class KernelPreparer {

  private static final long TIMEOUT_MINUTES = 20;
  private static final Object LOCK = new Object();

  private KernelPreparer() {}

  static Path script(Path repoRoot) {
    return repoRoot.resolve("scripts").resolve("prepare-kernel");
  }

  /** Runs the script, or throws {@link KernelVmException.Kind#PREPARE_FAILED} with its output. */
  static void prepare(Path repoRoot) throws KernelVmException {
    prepare(repoRoot, List.of());
  }

  /**
   * Runs the script with {@code arguments}; returns its output (its last line is the prepared
   * directory), or throws {@link KernelVmException.Kind#PREPARE_FAILED} with it.
   */
  static String prepare(Path repoRoot, List<String> arguments) throws KernelVmException {
    Path script = script(repoRoot);
    if (!Files.isExecutable(script)) {
      throw new KernelVmException(KernelVmException.Kind.PREPARE_FAILED,
          "no kernel is prepared and " + script + " is missing or not executable");
    }
    synchronized (LOCK) {
      Process process;
      try {
        List<String> argv = new java.util.ArrayList<>();
        argv.add(script.toString());
        argv.addAll(arguments);
        process = new ProcessBuilder(argv)
            .directory(repoRoot.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
      } catch (IOException e) {
        throw new KernelVmException(KernelVmException.Kind.PREPARE_FAILED,
            "cannot start " + script + ": " + e.getMessage(), "", e);
      }
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      Thread reader = new Thread(() -> copy(process.getInputStream(), output),
          "prepare-kernel output");
      reader.setDaemon(true);
      reader.start();
      try {
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new KernelVmException(KernelVmException.Kind.PREPARE_FAILED,
              script + " did not finish within " + TIMEOUT_MINUTES + " minutes:\n" + text(output));
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new KernelVmException(KernelVmException.Kind.PREPARE_FAILED,
            "interrupted while " + script + " ran", "", e);
      }
      if (process.exitValue() != 0) {
        throw new KernelVmException(KernelVmException.Kind.PREPARE_FAILED,
            script + " failed (exit " + process.exitValue() + "):\n" + text(output).strip());
      }
      return text(output);
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    byte[] buffer = new byte[8192];
    try (in) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        synchronized (out) {
          out.write(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      // The process is gone; what was read so far is what there is.
    }
  }

  private static String text(ByteArrayOutputStream out) {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
