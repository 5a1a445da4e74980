package dev.svcnet.netfilter;

/** The address family of a rule set: {@code iptables} for IPv4, {@code ip6tables} for IPv6. */
public enum IpFamily {
  IPV4("iptables", 32),
  IPV6("ip6tables", 128);

  private final String command;
  private final int addressBits;

  IpFamily(String command, int addressBits) {
    this.command = command;
    this.addressBits = addressBits;
  }

  /** {@code iptables} or {@code ip6tables}: the prefix of the restore and save programs. */
  public String command() {
    return command;
  }

  /** 32 or 128. */
  public int addressBits() {
    return addressBits;
  }
}
