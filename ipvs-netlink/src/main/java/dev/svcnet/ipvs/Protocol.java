package dev.svcnet.ipvs;

/** The transport protocol of an address-based virtual service. */
public enum Protocol {
  TCP(6, "-t"),
  UDP(17, "-u"),
  SCTP(132, "--sctp-service");

  /** {@code values()} once: it copies the array on every call, and decoding calls it often. */
  private static final Protocol[] ALL = values();

  private final int number;
  private final String ipvsadmSwitch;

  Protocol(int number, String ipvsadmSwitch) {
    this.number = number;
    this.ipvsadmSwitch = ipvsadmSwitch;
  }

  /** The IP protocol number (IPPROTO_TCP 6, UDP 17, SCTP 132). */
  public int number() {
    return number;
  }

  /** The ipvsadm option that names a service of this protocol. */
  public String ipvsadmSwitch() {
    return ipvsadmSwitch;
  }

  public static Protocol ofNumber(int number) {
    for (Protocol protocol : ALL) {
      if (protocol.number == number) {
        return protocol;
      }
    }
    throw new IllegalArgumentException("unsupported IP protocol " + number);
  }
}
