package dev.svcnet.netlink.netns;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process may create and configure network namespaces. */
public final class Privileges {

  private static final int CAP_NET_ADMIN = 12;
  private static final int CAP_SYS_ADMIN = 21;

  private Privileges() {}

  /**
   * {@code null} when this process has CAP_SYS_ADMIN and CAP_NET_ADMIN; otherwise what is missing
   * and how to get it.
   */
  public static String missingForNamespaces() {
    BigInteger effective;
    try {
      effective = effectiveCapabilities();
    } catch (IOException e) {
      return "cannot read capabilities from /proc/self/status (" + e.getMessage()
          + "): network namespaces need Linux with /proc";
    }
    if (!effective.testBit(CAP_SYS_ADMIN) || !effective.testBit(CAP_NET_ADMIN)) {
      return "network namespaces need CAP_SYS_ADMIN and CAP_NET_ADMIN: run as root (e.g. sudo)";
    }
    return null;
  }

  private static BigInteger effectiveCapabilities() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("CapEff:")) {
        return new BigInteger(line.substring("CapEff:".length()).strip(), 16);
      }
    }
    throw new IOException("no CapEff line");
  }
}
