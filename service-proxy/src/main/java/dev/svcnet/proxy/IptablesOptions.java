package dev.svcnet.proxy;

import java.util.Objects;

/**
 * kube-proxy settings that change the iptables payload.
 *
 * @param profile the layout (release) to render
 * @param masqueradeBit {@code --iptables-masquerade-bit}, 0..31 (default 14: mark 0x4000)
 * @param localhostNodePorts {@code --iptables-localhost-nodeports} (default true): IPv4
 *     NodePorts answer on 127.0.0.1, and filter KUBE-FIREWALL blocks martian localnet traffic
 * @param nfacctCounters whether kube-proxy's nfacct counters exist (newer releases add {@code -m
 *     nfacct} matches then); they need the counters created first, so false by default
 * @param randomFully whether iptables supports {@code MASQUERADE --random-fully} (1.6.2 and
 *     later; true by default)
 * @param conntrackTcpBeLiberal {@code nf_conntrack_tcp_be_liberal} is 1: no INVALID drop rule
 * @param masqueradeAll {@code --masquerade-all}: masquerade all ClusterIP traffic
 */
public record IptablesOptions(IptablesProfile profile, int masqueradeBit,
    boolean localhostNodePorts, boolean nfacctCounters, boolean randomFully,
    boolean conntrackTcpBeLiberal, boolean masqueradeAll) {

  public IptablesOptions {
    Objects.requireNonNull(profile, "profile");
    if (masqueradeBit < 0 || masqueradeBit > 31) {
      throw new IllegalArgumentException("masquerade bit must be 0..31, got " + masqueradeBit);
    }
  }

  /** kube-proxy's defaults on a current node, for {@code profile}. */
  public static IptablesOptions defaults(IptablesProfile profile) {
    return new IptablesOptions(profile, 14, true, false, true, false, false);
  }

  public IptablesOptions withNfacctCounters(boolean present) {
    return new IptablesOptions(profile, masqueradeBit, localhostNodePorts, present, randomFully,
        conntrackTcpBeLiberal, masqueradeAll);
  }

  public IptablesOptions withRandomFully(boolean supported) {
    return new IptablesOptions(profile, masqueradeBit, localhostNodePorts, nfacctCounters,
        supported, conntrackTcpBeLiberal, masqueradeAll);
  }

  public IptablesOptions withLocalhostNodePorts(boolean enabled) {
    return new IptablesOptions(profile, masqueradeBit, enabled, nfacctCounters, randomFully,
        conntrackTcpBeLiberal, masqueradeAll);
  }

  /** {@code --iptables-masquerade-bit}. */
  public IptablesOptions withMasqueradeBit(int bit) {
    return new IptablesOptions(profile, bit, localhostNodePorts, nfacctCounters, randomFully,
        conntrackTcpBeLiberal, masqueradeAll);
  }

  public IptablesOptions withMasqueradeAll(boolean enabled) {
    return new IptablesOptions(profile, masqueradeBit, localhostNodePorts, nfacctCounters,
        randomFully, conntrackTcpBeLiberal, enabled);
  }

  /**
   * The mark as kube-proxy prints it, Go's {@code %#08x} of {@code 1 << bit}: {@code 0x00004000}
   * for bit 14 (Go pads the digits to the width and puts the 0x in front).
   */
  public String masqueradeMark() {
    String hex = Integer.toHexString(1 << masqueradeBit);
    return "0x" + "0".repeat(Math.max(0, 8 - hex.length())) + hex;
  }
}
