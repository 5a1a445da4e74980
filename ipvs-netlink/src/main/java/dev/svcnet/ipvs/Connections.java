package dev.svcnet.ipvs;

import dev.svcnet.ipvs.internal.ConnectionTableParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel's IPVS connection table. The kernel offers it only as the text file
 * {@code /proc/net/ip_vs_conn} (there is no netlink command for it; {@code ipvsadm -L -c} reads
 * the same file), so this reads and parses that file.
 */
public final class Connections {
  /**
   * The connection table of the calling thread's network namespace ({@code /proc/self/net}
   * would be the main thread's).
   */
  public static final Path PROC_FILE = Path.of("/proc/thread-self/net/ip_vs_conn");

  private static final int ENOENT = 2;

  private Connections() {}

  /** The connection table of the calling thread's network namespace, in the kernel's order. */
  public static List<Connection> read() throws IOException {
    String text;
    try {
      text = Files.readString(PROC_FILE, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new IpvsException.Unavailable(
          "this kernel has no IPVS connection table (" + PROC_FILE + " is missing)", ENOENT, e);
    }
    return parse(text);
  }

  /**
   * The entries of a {@code /proc/net/ip_vs_conn} text (its first line is the title).
   *
   * @throws ConnectionTableException naming the line and field that is not as the kernel
   *     prints it
   */
  public static List<Connection> parse(String procText) throws ConnectionTableException {
    return ConnectionTableParser.parse(procText);
  }
}
