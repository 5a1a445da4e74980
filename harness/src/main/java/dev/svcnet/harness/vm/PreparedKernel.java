package dev.svcnet.harness.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A kernel directory {@code scripts/prepare-kernel} prepared, with what its manifest says.
 *
 * @param dir the directory (give it to {@link KernelVm#withKernelDir})
 * @param version the kernel release, as {@code uname -r} prints it in the guest
 * @param packageName the Debian package it came from
 * @param packageVersion that package's version, empty when the manifest predates recording it
 */
public record PreparedKernel(Path dir, String version, String packageName,
    Optional<String> packageVersion) {

  public PreparedKernel {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(packageName, "packageName");
    Objects.requireNonNull(packageVersion, "packageVersion");
  }

  /** Reads {@code dir/manifest}; IOException when it is missing or lacks the version. */
  public static PreparedKernel read(Path dir) throws IOException {
    Path manifest = dir.resolve("manifest");
    Map<String, String> fields = new HashMap<>();
    for (String line : Files.readAllLines(manifest)) {
      int equals = line.indexOf('=');
      if (equals > 0) {
        fields.put(line.substring(0, equals), line.substring(equals + 1));
      }
    }
    if (!fields.containsKey("version") || !fields.containsKey("package")) {
      throw new IOException(manifest + " names no kernel version or package");
    }
    return new PreparedKernel(dir, fields.get("version"), fields.get("package"),
        Optional.ofNullable(fields.get("package-version")));
  }

  /**
   * Fetches (with apt, unless it is a file) and prepares {@code kernel} with {@code
   * scripts/prepare-kernel}, leaving the default kernel ({@code build/kernel/current}) as it is;
   * a kernel prepared before is reused.
   *
   * @throws KernelVmException {@link KernelVmException.Kind#PREPARE_FAILED} with the script's
   *     message (e.g. apt knows no such package)
   */
  public static PreparedKernel prepare(KernelPackage kernel) throws KernelVmException {
    Path root = RepoRoot.find().orElseThrow(() -> new KernelVmException(
        KernelVmException.Kind.PREPARE_FAILED, RepoRoot.describeMissing()));
    String output = KernelPreparer.prepare(root, kernel.scriptArguments());
    String[] lines = output.strip().split("\n");
    Path dir = Path.of(lines[lines.length - 1].strip());
    try {
      return read(dir);
    } catch (IOException e) {
      throw new KernelVmException(KernelVmException.Kind.PREPARE_FAILED, "scripts/prepare-kernel"
          + " prepared " + kernel.request() + " but its directory is unreadable: "
          + e.getMessage() + "\n" + output, "", e);
    }
  }

  /** "6.12.117+deb12-amd64 (linux-image-6.12.117+deb12-amd64 6.12.117-1~deb12u1)". */
  public String describe() {
    return version + " (" + packageName + packageVersion.map(v -> " " + v).orElse("") + ")";
  }
}
