package dev.svcnet.lb;

/**
 * The transport protocol of a packet. The {@code sh-port} and {@code mh-port} scheduler flags use
 * the client port only for TCP, UDP and SCTP; for anything else the kernel hashes port 0.
 */
public enum Protocol {
  TCP,
  UDP,
  SCTP,
  /** Any other protocol (ICMP, ...): no ports. */
  OTHER;

  /** Whether the kernel reads ports from this protocol's header. */
  public boolean hasPorts() {
    return this != OTHER;
  }
}
