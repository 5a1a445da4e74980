package dev.svcnet.harness.vm;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Copies the directories of a class path (target/classes, target/test-classes) aside for a guest
 * run, so that a build rewriting them while the guest's JVM starts (a concurrent
 * {@code mvn compile}) cannot take classes away from it; likewise SNAPSHOT jars, which a concurrent
 * {@code mvn install} replaces. Other jars are used in place. The copies go to
 * {@code <checkout>/build/kernel-vm/}; without a checkout the class path is used as it is.
 */
final class ClassPathSnapshot implements AutoCloseable {

  private final Path root;
  private final String classPath;

  private ClassPathSnapshot(Path root, String classPath) {
    this.root = root;
    this.classPath = classPath;
  }

  static ClassPathSnapshot of(String classPath) throws IOException {
    var checkout = RepoRoot.find();
    if (checkout.isEmpty()) {
      return new ClassPathSnapshot(null, classPath);
    }
    Path parent = Files.createDirectories(checkout.get().resolve("build").resolve("kernel-vm"));
    Path root = Files.createTempDirectory(parent, "classpath-");
    List<String> entries = new ArrayList<>();
    int index = 0;
    try {
      for (String entry : classPath.split(File.pathSeparator)) {
        if (entry.isEmpty()) {
          continue;
        }
        Path path = Path.of(entry);
        if (Files.isDirectory(path)) {
          Path copy = root.resolve(index++ + "-" + path.getFileName());
          copyTree(path, copy);
          entries.add(copy.toString());
        } else if (Files.isRegularFile(path) && entry.endsWith("-SNAPSHOT.jar")) {
          Path copy = Files.createDirectories(root.resolve(Integer.toString(index++)))
              .resolve(path.getFileName());
          Files.copy(path, copy, StandardCopyOption.COPY_ATTRIBUTES);
          entries.add(copy.toString());
        } else {
          entries.add(entry);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      delete(root);
      throw e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
    }
    return new ClassPathSnapshot(root, String.join(File.pathSeparator, entries));
  }

  /** The class path with the copied directories in place of the originals. */
  String classPath() {
    return classPath;
  }

  /** Deletes the copies (best effort: they are temporary files). */
  @Override
  public void close() {
    try {
      delete(root);
    } catch (IOException e) {
      System.err.println("kernel VM: could not delete " + root + ": " + e.getMessage());
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      walk.forEach(source -> {
        Path target = to.resolve(from.relativize(source).toString());
        try {
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else {
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  private static void delete(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
