package dev.svcnet.harness.container;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One entry of a root-filesystem tarball: a directory, a regular file copied from the host, or a
 * symbolic link. Paths are absolute image paths such as {@code /usr/sbin/ip}.
 */
public sealed interface RootfsEntry {

  /** The absolute path of this entry inside the image. */
  String path();

  /** Unix permission bits (for example {@code 0755}); symbolic links report {@code 0777}. */
  int mode();

  /** A directory. */
  record Directory(String path, int mode) implements RootfsEntry {
    /** Validates the path and mode. */
    public Directory {
      checkPath(path);
      checkMode(mode);
    }
  }

  /** A regular file whose content is read from {@code source} on the host. */
  record RegularFile(String path, Path source, int mode) implements RootfsEntry {
    /** Validates the path, source and mode. */
    public RegularFile {
      checkPath(path);
      Objects.requireNonNull(source, "source");
      if (!source.isAbsolute()) {
        throw new IllegalArgumentException("source must be absolute: " + source);
      }
      checkMode(mode);
    }
  }

  /** A small regular file whose content is generated (for example {@code /etc/passwd}). */
  record TextFile(String path, String text, int mode) implements RootfsEntry {
    /** Validates the path, text and mode. */
    public TextFile {
      checkPath(path);
      Objects.requireNonNull(text, "text");
      checkMode(mode);
    }
  }

  /** A symbolic link to {@code target}, kept exactly as written (absolute or relative). */
  record Symlink(String path, String target) implements RootfsEntry {
    /** Validates the path and target. */
    public Symlink {
      checkPath(path);
      Objects.requireNonNull(target, "target");
      if (target.isEmpty()) {
        throw new IllegalArgumentException("empty symlink target for " + path);
      }
    }

    @Override
    public int mode() {
      return 0777;
    }
  }

  private static void checkPath(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/") || path.equals("/") || path.endsWith("/") || path.contains("//")) {
      throw new IllegalArgumentException("not an absolute, normalized image path: " + path);
    }
    for (String part : path.substring(1).split("/")) {
      if (part.equals(".") || part.equals("..")) {
        throw new IllegalArgumentException("path must not contain . or ..: " + path);
      }
    }
  }

  private static void checkMode(int mode) {
    if (mode < 0 || mode > 07777) {
      throw new IllegalArgumentException("mode out of range: " + Integer.toOctalString(mode));
    }
  }
}
