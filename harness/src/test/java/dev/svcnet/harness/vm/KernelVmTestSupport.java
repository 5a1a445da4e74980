package dev.svcnet.harness.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about the prepared kernel the tests compare the guest against. */
final class KernelVmTestSupport {

  private KernelVmTestSupport() {}

  /** The version in the default kernel directory's manifest (written by prepare-kernel). */
  static String preparedKernelVersion() throws IOException {
    Path dir = KernelVm.defaults().resolveKernelDir().orElseThrow(() ->
        new IllegalStateException(RepoRoot.describeMissing()));
    Path manifest = dir.resolve("manifest");
    return Files.readAllLines(manifest).stream()
        .filter(line -> line.startsWith("version="))
        .map(line -> line.substring("version=".length()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no version= in " + manifest));
  }
}
