package dev.svcnet.harness.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mirroring host files and links into a layout, hashing and tar output; needs no Docker. */
class ContainerRootfsLayoutTest {

  @TempDir
  Path host;

  @Test
  void addHostFile_mirrorsEveryLinkOnTheWayAndAddsTheTarget() throws Exception {
    // host/lib -> usr/lib (a usrmerge-style directory link), host/usr/lib/tool -> tool-multi
    Files.createDirectories(host.resolve("usr/lib"));
    Files.writeString(host.resolve("usr/lib/tool-multi"), "binary");
    Files.createSymbolicLink(host.resolve("lib"), Path.of("usr/lib"));
    Files.createSymbolicLink(host.resolve("usr/lib/tool"), Path.of("tool-multi"));
    RootfsLayout layout = new RootfsLayout();

    Path canonical = layout.addHostFile(host.resolve("lib/tool"));

    assertThat(canonical).isEqualTo(host.resolve("usr/lib/tool-multi"));
    assertThat(layout.entries()).contains(
        new RootfsEntry.Symlink(host.resolve("lib").toString(), "usr/lib"),
        new RootfsEntry.Symlink(host.resolve("usr/lib/tool").toString(), "tool-multi"));
    assertThat(layout.entries()).anyMatch(entry -> entry instanceof RootfsEntry.RegularFile file
        && file.path().equals(canonical.toString()));
    assertThat(layout.canonicalParentPath(host.resolve("lib/other")))
        .isEqualTo(host.resolve("usr/lib/other").toString());
  }

  @Test
  void addHostTree_skipsExcludedAndDanglingEntries() throws Exception {
    Files.createDirectories(host.resolve("jdk/bin"));
    Files.createDirectories(host.resolve("jdk/jmods"));
    Files.writeString(host.resolve("jdk/bin/java"), "launcher");
    Files.writeString(host.resolve("jdk/jmods/java.base.jmod"), "module");
    Files.createSymbolicLink(host.resolve("jdk/bin/gone"), Path.of("/nonexistent/file"));
    RootfsLayout layout = new RootfsLayout();

    layout.addHostTree(host.resolve("jdk"), path -> path.endsWith("jmods"));

    assertThat(layout.contains(host.resolve("jdk/bin/java").toString())).isTrue();
    assertThat(layout.contains(host.resolve("jdk/jmods/java.base.jmod").toString())).isFalse();
    assertThat(layout.skipped()).singleElement().asString().contains("dangling");
  }

  @Test
  void entries_refuseAFileBelowALink() {
    RootfsLayout layout = new RootfsLayout();
    layout.addSymlink("/bin", "usr/bin");
    layout.addTextFile("/bin/sh", "x", 0755);

    assertThatThrownBy(layout::entries).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/bin/sh");
  }

  @Test
  void contentHash_changesWithContentAndMode() throws Exception {
    Path file = Files.writeString(host.resolve("f"), "one");
    List<RootfsEntry> original = List.of(new RootfsEntry.RegularFile("/f", file, 0755));
    String before = RootfsArchive.contentHash(original);

    Files.writeString(file, "two");
    String afterContent = RootfsArchive.contentHash(original);
    String afterMode = RootfsArchive.contentHash(
        List.of(new RootfsEntry.RegularFile("/f", file, 0644)));

    assertThat(before).hasSize(64).isNotEqualTo(afterContent);
    assertThat(afterMode).isNotEqualTo(afterContent);
    assertThat(RootfsArchive.contentHash(original)).isEqualTo(afterContent);
  }

  @Test
  void writeTar_writesDirectoriesFilesAndLinksWithModes() throws Exception {
    RootfsLayout layout = new RootfsLayout();
    layout.addTextFile("/etc/passwd", "root:x:0:0::/root:/bin/sh\n", 0644);
    layout.addSymlink("/usr/bin/sh", "/usr/bin/busybox");
    layout.addDirectory("/tmp", 01777);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    RootfsArchive.writeTar(layout.entries(), out);

    List<String> seen = new ArrayList<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(
        new java.io.ByteArrayInputStream(out.toByteArray()))) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        String description = entry.getName() + " " + Integer.toOctalString(entry.getMode() & 07777);
        if (entry.isSymbolicLink()) {
          description += " -> " + entry.getLinkName();
        } else if (entry.isFile()) {
          description += " " + new String(tar.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        seen.add(description);
      }
    }
    assertThat(seen).containsExactly(
        "etc/ 755",
        "etc/passwd 644 root:x:0:0::/root:/bin/sh",
        "tmp/ 1777",
        "usr/ 755",
        "usr/bin/ 755",
        "usr/bin/sh 777 -> /usr/bin/busybox");
  }

  @Test
  void entry_rejectsRelativeOrDottedPaths() {
    assertThatThrownBy(() -> new RootfsEntry.Directory("usr", 0755))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RootfsEntry.Symlink("/usr/../etc", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RootfsEntry.TextFile("/etc/x", "", 010000))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
