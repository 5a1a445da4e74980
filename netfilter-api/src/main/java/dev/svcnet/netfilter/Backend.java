package dev.svcnet.netfilter;

/** Which iptables programs run: the legacy (x_tables) or nft backend, or whatever the system's default is. */
public enum Backend {
  LEGACY("-legacy"),
  NFT("-nft"),
  SYSTEM("");

  private final String suffix;

  Backend(String suffix) {
    this.suffix = suffix;
  }

  /** e.g. {@code ip6tables-nft-restore}. */
  public String restoreProgram(IpFamily family) {
    return family.command() + suffix + "-restore";
  }

  /** e.g. {@code iptables-legacy-save}. */
  public String saveProgram(IpFamily family) {
    return family.command() + suffix + "-save";
  }
}
