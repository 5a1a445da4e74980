package dev.svcnet.harness.container;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The entries of a root filesystem that mirrors parts of this host: a host file is added at its
 * canonical path, and every symbolic link met on the way (for example {@code /lib64 -> usr/lib64}
 * or {@code /usr/sbin/iptables -> /etc/alternatives/iptables}) is added as the same link, so
 * programs and the dynamic loader find their files in the image exactly where they are on the
 * host. Not thread-safe.
 */
public final class RootfsLayout {

  private static final int MAX_LINK_DEPTH = 40;

  private final Map<String, RootfsEntry> entries = new TreeMap<>();
  private final List<String> skipped = new ArrayList<>();

  /**
   * Adds the regular file at {@code hostPath} (following and mirroring symbolic links) with its
   * host permissions, and returns its canonical path.
   *
   * @throws IOException if the path does not lead to a regular file
   */
  public Path addHostFile(Path hostPath) throws IOException {
    Path canonical = mirror(hostPath.toAbsolutePath(), 0);
    if (!Files.isRegularFile(canonical, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(hostPath + " (canonical " + canonical + ") is not a regular file");
    }
    put(new RootfsEntry.RegularFile(canonical.toString(), canonical, hostMode(canonical)));
    return canonical;
  }

  /**
   * Adds every regular file under {@code root} except those {@code exclude} matches. Symbolic
   * links that lead to regular files are mirrored with their targets; links to directories and
   * dangling links are left out and listed in {@link #skipped()}.
   */
  public void addHostTree(Path root, Predicate<Path> exclude) throws IOException {
    Path canonicalRoot = mirror(root.toAbsolutePath(), 0);
    Files.walkFileTree(canonicalRoot, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (exclude.test(dir)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        put(new RootfsEntry.Directory(dir.toString(), hostModeOrDefault(dir, 0755)));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (exclude.test(file)) {
          return FileVisitResult.CONTINUE;
        }
        if (attrs.isRegularFile()) {
          put(new RootfsEntry.RegularFile(file.toString(), file, hostMode(file)));
        } else if (attrs.isSymbolicLink() && Files.isRegularFile(file)) {
          addHostFile(file);
        } else {
          skipped.add(file + (attrs.isSymbolicLink()
              ? (Files.exists(file) ? " (link to a directory)" : " (dangling link)")
              : " (not a regular file)"));
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /**
   * The canonical image path for {@code hostPath}: symbolic links among its ancestors are
   * mirrored into the layout and resolved, the last component is kept as is.
   */
  public String canonicalParentPath(Path hostPath) throws IOException {
    Path absolute = hostPath.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    if (parent == null) {
      throw new IllegalArgumentException("no parent: " + hostPath);
    }
    return mirror(parent, 0).resolve(absolute.getFileName().toString()).toString();
  }

  /** Adds a directory unless an entry already exists at {@code path}. */
  public void addDirectory(String path, int mode) {
    entries.putIfAbsent(path, new RootfsEntry.Directory(path, mode));
  }

  /** Adds a generated file, replacing nothing. */
  public void addTextFile(String path, String text, int mode) {
    put(new RootfsEntry.TextFile(path, text, mode));
  }

  /** Adds a symbolic link, replacing nothing. */
  public void addSymlink(String path, String target) {
    put(new RootfsEntry.Symlink(path, target));
  }

  /** Whether an entry exists at {@code path}. */
  public boolean contains(String path) {
    return entries.containsKey(path);
  }

  /** Host paths that {@link #addHostTree} left out, with the reason. */
  public List<String> skipped() {
    return List.copyOf(skipped);
  }

  /**
   * Every entry sorted by path, with missing parent directories added (mode 0755), so that a
   * directory always precedes its contents.
   *
   * @throws IllegalStateException if an entry would lie below a symbolic link or a file
   */
  public List<RootfsEntry> entries() {
    Map<String, RootfsEntry> all = new TreeMap<>(entries);
    for (String path : entries.keySet()) {
      for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
        String ancestor = path.substring(0, slash);
        RootfsEntry existing = all.get(ancestor);
        if (existing == null) {
          all.put(ancestor, new RootfsEntry.Directory(ancestor, 0755));
        } else if (!(existing instanceof RootfsEntry.Directory)) {
          throw new IllegalStateException(path + " lies below " + existing);
        }
      }
    }
    return List.copyOf(all.values());
  }

  private void put(RootfsEntry entry) {
    RootfsEntry existing = entries.putIfAbsent(entry.path(), entry);
    boolean bothDirectories = existing instanceof RootfsEntry.Directory
        && entry instanceof RootfsEntry.Directory;
    if (existing != null && !bothDirectories && !existing.equals(entry)) {
      throw new IllegalStateException("conflicting entries for " + entry.path() + ": " + existing
          + " and " + entry);
    }
  }

  /** Resolves {@code path} component by component, recording each symbolic link met. */
  private Path mirror(Path path, int depth) throws IOException {
    if (depth > MAX_LINK_DEPTH) {
      throw new IOException("too many levels of symbolic links: " + path);
    }
    Path current = path.getRoot();
    for (Path name : path.normalize()) {
      Path next = current.resolve(name.toString());
      if (Files.isSymbolicLink(next)) {
        Path target = Files.readSymbolicLink(next);
        put(new RootfsEntry.Symlink(next.toString(), target.toString()));
        next = mirror(current.resolve(target).normalize(), depth + 1);
      }
      current = next;
    }
    return current;
  }

  private static int hostMode(Path path) throws IOException {
    return ((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
  }

  private static int hostModeOrDefault(Path path, int fallback) {
    try {
      return hostMode(path);
    } catch (IOException | UnsupportedOperationException e) {
      return fallback;
    }
  }
}
