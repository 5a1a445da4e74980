package dev.svcnet.proxy;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * What kube-proxy in IPVS mode programs for one IP family: the virtual and real servers, the
 * addresses bound to its dummy interface, its ipsets with their entries, and the iptables rules
 * that match them.
 *
 * @param family the IP family
 * @param dummyInterface {@code kube-ipvs0}
 * @param boundAddresses addresses on the dummy interface: every ClusterIP, and external and
 *     load-balancer IPs that are not already node addresses; sorted
 * @param virtualServers sorted by protocol, address, port (as {@code ipvsadm -L -n} lists them)
 * @param ipSets every set kube-proxy creates (also the empty ones), in the order of its {@code
 *     ipsetInfo} table
 * @param iptablesPayload the iptables-restore text kube-proxy loads with {@code --noflush} on
 *     every sync: nat then filter, each of kube-proxy's chains declared (and so flushed) and
 *     written in full
 * @param iptablesJumpRules the rules kube-proxy keeps at the top of the built-in chains ({@code
 *     -I} lines, in the order kube-proxy inserts them), as restore text
 */
public record IpvsPlan(IpFamily family, String dummyInterface, List<InetAddress> boundAddresses,
    List<IpvsVirtualServer> virtualServers, List<IpSetEntries> ipSets, String iptablesPayload,
    String iptablesJumpRules) {

  /** kube-proxy's dummy interface. */
  public static final String DUMMY_INTERFACE = "kube-ipvs0";

  public IpvsPlan {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(dummyInterface, "dummyInterface");
    boundAddresses = List.copyOf(boundAddresses);
    virtualServers = List.copyOf(virtualServers);
    ipSets = List.copyOf(ipSets);
    Objects.requireNonNull(iptablesPayload, "iptablesPayload");
    Objects.requireNonNull(iptablesJumpRules, "iptablesJumpRules");
  }

  /**
   * The set called {@code name} (IPv4 spelling, e.g. {@code KUBE-CLUSTER-IP}; the IPv6 plan
   * answers with its {@code KUBE-6-…} set), or null if kube-proxy has no such set.
   */
  public IpSetEntries ipSet(String name) {
    String wanted = IpvsPlanner.setName(name, family);
    return ipSets.stream().filter(s -> s.name().equals(wanted)).findFirst().orElse(null);
  }

  /**
   * The {@code ipset restore} text that creates every set and adds its entries, as kube-proxy
   * leaves them after a sync on a node that had none.
   */
  public String ipsetRestoreText() {
    StringBuilder out = new StringBuilder();
    for (IpSetEntries set : ipSets) {
      out.append(set.createLine()).append('\n');
      for (String entry : set.entries()) {
        out.append("add ").append(set.name()).append(' ').append(entry).append('\n');
      }
    }
    return out.toString();
  }
}
