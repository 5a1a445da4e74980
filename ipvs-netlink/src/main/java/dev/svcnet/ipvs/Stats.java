package dev.svcnet.ipvs;

/**
 * Counters since the last zeroing, and rates from the kernel's estimator, of a service or a
 * destination (64-bit where the kernel offers them).
 */
public record Stats(long connections, long inPackets, long outPackets, long inBytes,
    long outBytes, long connectionsPerSecond, long inPacketsPerSecond, long outPacketsPerSecond,
    long inBytesPerSecond, long outBytesPerSecond) {

  public static final Stats ZERO = new Stats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
