package dev.svcnet.ipvs;

/** How packets reach a real server ({@code IP_VS_CONN_F_*} & 0x7), with ipvsadm's names. */
public enum ForwardingMethod {
  /** NAT: the destination address is rewritten ({@code -m}). */
  MASQ(0, "Masq", "-m"),
  /** The real server is this host. ipvsadm adds it with {@code -g} and prints "Local". */
  LOCAL(1, "Local", "-g"),
  /** IP-in-IP, GUE or GRE tunnel ({@code -i}). */
  TUNNEL(2, "Tunnel", "-i"),
  /** Direct routing, same link ({@code -g}, ipvsadm's default). */
  ROUTE(3, "Route", "-g");

  /** {@code values()} once: it copies the array on every call, and decoding calls it often. */
  private static final ForwardingMethod[] ALL = values();

  private final int code;
  private final String ipvsadmName;
  private final String ipvsadmSwitch;

  ForwardingMethod(int code, String ipvsadmName, String ipvsadmSwitch) {
    this.code = code;
    this.ipvsadmName = ipvsadmName;
    this.ipvsadmSwitch = ipvsadmSwitch;
  }

  public int code() {
    return code;
  }

  /** As {@code ipvsadm -L} prints it: Masq, Local, Tunnel, Route. */
  public String ipvsadmName() {
    return ipvsadmName;
  }

  /** As {@code ipvsadm -S} writes it: -m, -g or -i. */
  public String ipvsadmSwitch() {
    return ipvsadmSwitch;
  }

  public static ForwardingMethod ofCode(int code) {
    for (ForwardingMethod method : ALL) {
      if (method.code == (code & 0x7)) {
        return method;
      }
    }
    throw new IllegalArgumentException("unknown forwarding method " + (code & 0x7));
  }
}
