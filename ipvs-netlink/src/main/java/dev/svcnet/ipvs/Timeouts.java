package dev.svcnet.ipvs;

/**
 * Connection timeouts in seconds: established TCP, TCP after FIN, UDP. In a request, 0 leaves a
 * value unchanged.
 */
public record Timeouts(int tcpSeconds, int tcpFinSeconds, int udpSeconds) {

  /** The kernel takes at most INT_MAX / HZ; ipvsadm allows at most 31 days. */
  public static final int MAX_SECONDS = 31 * 24 * 3600;

  public Timeouts {
    check("tcp", tcpSeconds);
    check("tcpfin", tcpFinSeconds);
    check("udp", udpSeconds);
  }

  private static void check(String field, int seconds) {
    if (seconds < 0 || seconds > MAX_SECONDS) {
      throw new IllegalArgumentException(field + " timeout must be 0.." + MAX_SECONDS
          + " seconds, got " + seconds);
    }
  }
}
