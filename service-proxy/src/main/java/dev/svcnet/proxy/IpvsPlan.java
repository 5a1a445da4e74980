package dev.svcnet.proxy;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * What kube-proxy in IPVS mode programs for one IP family: the virtual and real servers, the
 * addresses bound to its dummy interface, and the contents of its ipsets (which its iptables
 * rules match on).
 *
 * @param family the IP family
 * @param dummyInterface {@code kube-ipvs0}
 * @param boundAddresses addresses on the dummy interface: every ClusterIP, and external and
 *     load-balancer IPs that are not already node addresses; sorted
 * @param virtualServers sorted by protocol, address, port (as {@code ipvsadm -L -n} lists them)
 * @param ipSets kube-proxy's ipsets that have entries, by name
 */
public record IpvsPlan(IpFamily family, String dummyInterface, List<InetAddress> boundAddresses,
    List<IpvsVirtualServer> virtualServers, List<IpSetEntries> ipSets) {

  /** kube-proxy's dummy interface. */
  public static final String DUMMY_INTERFACE = "kube-ipvs0";

  public IpvsPlan {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(dummyInterface, "dummyInterface");
    boundAddresses = List.copyOf(boundAddresses);
    virtualServers = List.copyOf(virtualServers);
    ipSets = List.copyOf(ipSets);
  }

  /** The set called {@code name} (IPv4 spelling, e.g. {@code KUBE-CLUSTER-IP}), or null. */
  public IpSetEntries ipSet(String name) {
    String wanted = family == IpFamily.IPV6 ? name.replaceFirst("^KUBE-", "KUBE-6-") : name;
    return ipSets.stream().filter(s -> s.name().equals(wanted)).findFirst().orElse(null);
  }
}
