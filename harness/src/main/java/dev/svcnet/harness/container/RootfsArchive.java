package dev.svcnet.harness.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Turns a list of {@link RootfsEntry} into a content hash and into an uncompressed tar archive
 * of a root filesystem, and wraps such an archive into a Docker build context. Every entry is owned by root and dated
 * {@link #MODIFIED}, so equal inputs give equal archives.
 */
public final class RootfsArchive {

  /** The modification time written for every entry. */
  public static final Instant MODIFIED = Instant.parse("2026-01-01T00:00:00Z");

  /** Changes whenever the archive format or the recipe changes meaning; part of the hash. */
  private static final String FORMAT = "svcnet-rootfs-v1";

  private RootfsArchive() {}

  /**
   * SHA-256 (hex) over every entry's type, path, mode, link target and file content. Reads
   * every regular file once.
   */
  public static String contentHash(List<RootfsEntry> entries) throws IOException {
    MessageDigest digest = sha256();
    update(digest, FORMAT);
    byte[] buffer = new byte[1 << 16];
    for (RootfsEntry entry : entries) {
      update(digest, entry.getClass().getSimpleName());
      update(digest, entry.path());
      update(digest, Integer.toOctalString(entry.mode()));
      if (entry instanceof RootfsEntry.Symlink symlink) {
        update(digest, symlink.target());
      } else if (entry instanceof RootfsEntry.TextFile text) {
        update(digest, text.text());
      } else if (entry instanceof RootfsEntry.RegularFile file) {
        update(digest, Long.toString(Files.size(file.source())));
        try (InputStream in = Files.newInputStream(file.source())) {
          for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
          }
        }
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Writes the entries, in order, as a tar archive to {@code out} (which stays open). */
  public static void writeTar(List<RootfsEntry> entries, OutputStream out) throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    for (RootfsEntry entry : entries) {
      String name = entry.path().substring(1);
      TarArchiveEntry tarEntry;
      int typeBits;
      if (entry instanceof RootfsEntry.Directory) {
        tarEntry = new TarArchiveEntry(name + "/");
        typeBits = 0040000;
      } else if (entry instanceof RootfsEntry.Symlink symlink) {
        tarEntry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        tarEntry.setLinkName(symlink.target());
        typeBits = 0120000;
      } else if (entry instanceof RootfsEntry.TextFile text) {
        tarEntry = new TarArchiveEntry(name);
        tarEntry.setSize(text.text().getBytes(StandardCharsets.UTF_8).length);
        typeBits = 0100000;
      } else {
        RootfsEntry.RegularFile file = (RootfsEntry.RegularFile) entry;
        tarEntry = new TarArchiveEntry(name);
        tarEntry.setSize(Files.size(file.source()));
        typeBits = 0100000;
      }
      tarEntry.setMode(typeBits | entry.mode());
      tarEntry.setIds(0, 0);
      tarEntry.setNames("root", "root");
      tarEntry.setModTime(MODIFIED.toEpochMilli());
      tar.putArchiveEntry(tarEntry);
      if (entry instanceof RootfsEntry.TextFile text) {
        tar.write(text.text().getBytes(StandardCharsets.UTF_8));
      } else if (entry instanceof RootfsEntry.RegularFile file) {
        Files.copy(file.source(), tar);
      }
      tar.closeArchiveEntry();
    }
    tar.finish();
    tar.flush();
  }

  /**
   * Writes a Docker build context: {@code dockerfile} as {@code Dockerfile} and the root
   * filesystem tarball {@code rootfsTar} as {@code rootfs.tar} (for {@code ADD rootfs.tar /}).
   */
  public static void writeBuildContext(String dockerfile, Path rootfsTar, OutputStream out)
      throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    byte[] dockerfileBytes = dockerfile.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry dockerfileEntry = new TarArchiveEntry("Dockerfile");
    dockerfileEntry.setSize(dockerfileBytes.length);
    dockerfileEntry.setMode(0100644);
    dockerfileEntry.setModTime(MODIFIED.toEpochMilli());
    tar.putArchiveEntry(dockerfileEntry);
    tar.write(dockerfileBytes);
    tar.closeArchiveEntry();
    TarArchiveEntry rootfsEntry = new TarArchiveEntry("rootfs.tar");
    rootfsEntry.setSize(Files.size(rootfsTar));
    rootfsEntry.setMode(0100644);
    rootfsEntry.setModTime(MODIFIED.toEpochMilli());
    tar.putArchiveEntry(rootfsEntry);
    Files.copy(rootfsTar, tar);
    tar.closeArchiveEntry();
    tar.finish();
    tar.flush();
  }

  private static void update(MessageDigest digest, String text) {
    digest.update(text.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
