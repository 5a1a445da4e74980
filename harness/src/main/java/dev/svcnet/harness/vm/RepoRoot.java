package dev.svcnet.harness.vm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The svcnet checkout: system property {@code svcnet.repo.root} (Surefire sets it), else the
 * nearest parent of the working directory that holds {@code mvnw}.
 */
final class RepoRoot {

  static final String PROPERTY = "svcnet.repo.root";

  private RepoRoot() {}

  static Optional<Path> find() {
    String configured = System.getProperty(PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured).toAbsolutePath().normalize());
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  static String describeMissing() {
    return "cannot find the svcnet checkout: set -D" + PROPERTY + "=<checkout> or run from inside"
        + " it (a directory with mvnw)";
  }
}
