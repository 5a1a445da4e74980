package dev.svcnet.proxy;

import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.proxy.internal.CategorizedEndpoints;
import dev.svcnet.proxy.internal.EndpointInfo;
import dev.svcnet.proxy.internal.EndpointsIndex;
import dev.svcnet.proxy.internal.IpvsRulesWriter;
import dev.svcnet.proxy.internal.KubeIpSet;
import dev.svcnet.proxy.internal.ServicePortInfo;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The IPVS-mode plan kube-proxy derives in {@code syncProxyRules} (pkg/proxy/ipvs/proxier.go):
 * for every service port a virtual server on the ClusterIP (bound to kube-ipvs0), on each
 * external IP and load-balancer IP, and on every node IP for the NodePort; ClientIP affinity
 * makes them persistent for the affinity timeout; real servers are the endpoints kube-proxy's
 * traffic policies select (Masq, weight 1). The ipsets hold what its iptables rules match on,
 * and the iptables payload is what its {@code writeIptablesRules} writes for them.
 *
 * <p>Not covered: topology hints, {@code --nodeport-addresses}. Graceful termination (weight-0
 * real servers kept while connections drain) and {@code --ipvs-exclude-cidrs} concern what is
 * already in the kernel, so the sync engine applies them ({@code IpvsProxier}), not the plan.
 */
public final class IpvsPlanner {

  private IpvsPlanner() {}

  /** kube-proxy's default scheduler. */
  public static final String DEFAULT_SCHEDULER = "rr";

  /** The plan with kube-proxy's default iptables settings (masquerade bit 14, --random-fully). */
  public static IpvsPlan plan(ClusterState state, NodeSettings node, IpFamily family,
      String scheduler) {
    return plan(state, node, family, scheduler, IptablesOptions.defaults(IptablesProfile.CURRENT));
  }

  /**
   * The plan; of {@code options} IPVS mode uses the masquerade bit, {@code --masquerade-all} and
   * whether MASQUERADE takes {@code --random-fully}.
   */
  public static IpvsPlan plan(ClusterState state, NodeSettings node, IpFamily family,
      String scheduler, IptablesOptions options) {
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(options, "options");
    List<ServicePortInfo> ports = new ArrayList<>();
    for (ClusterService service : state.services()) {
      ports.addAll(ServicePortInfo.of(service, family, true));
    }
    ports.sort(Comparator.comparing((ServicePortInfo p) -> p.name().toString())
        .thenComparing(ServicePortInfo::protocol));
    EndpointsIndex endpoints = EndpointsIndex.of(state.endpointSlices(), family, node.nodeName());
    List<InetAddress> nodeIPs = node.nodeIPs(family);
    InetAddress primaryNodeIP = node.nodeIP(family);
    Map<KubeIpSet, TreeSet<String>> sets = new EnumMap<>(KubeIpSet.class);
    for (KubeIpSet set : KubeIpSet.values()) {
      sets.put(set, new TreeSet<>());
    }
    List<IpvsRulesWriter.NoNodeAccess> noNodeAccess = new ArrayList<>();
    TreeMap<String, InetAddress> bound = new TreeMap<>();
    List<IpvsVirtualServer> servers = new ArrayList<>();
    for (ServicePortInfo port : ports) {
      List<EndpointInfo> all = endpoints.endpoints(port.name(), port.protocol());
      CategorizedEndpoints eps = CategorizedEndpoints.of(all, port);
      String proto = port.lowerProtocol();
      for (EndpointInfo e : all) {
        if (e.local()) {
          sets.get(KubeIpSet.LOOP_BACK).add(
              e.ipText() + "," + proto + ":" + e.port() + "," + e.ipText());
        }
      }
      sets.get(KubeIpSet.CLUSTER_IP).add(entry(port.clusterIP(), proto, port.port()));
      servers.add(server(port, port.clusterIP(), port.port(), scheduler,
          port.internalPolicyLocal() ? eps.local() : eps.cluster()));
      bound.put(Ips.text(port.clusterIP()), port.clusterIP());

      List<EndpointInfo> external = port.externalPolicyLocal() ? eps.local() : eps.cluster();
      for (InetAddress ip : port.externalIPs()) {
        sets.get(port.externalPolicyLocal() ? KubeIpSet.EXTERNAL_IP_LOCAL : KubeIpSet.EXTERNAL_IP)
            .add(entry(ip, proto, port.port()));
        servers.add(server(port, ip, port.port(), scheduler, external));
        if (!nodeIPs.contains(ip)) {
          bound.put(Ips.text(ip), ip);
        }
      }
      for (InetAddress ip : port.loadBalancerIPs()) {
        String lbEntry = entry(ip, proto, port.port());
        sets.get(KubeIpSet.LOAD_BALANCER).add(lbEntry);
        if (port.externalPolicyLocal()) {
          sets.get(KubeIpSet.LOAD_BALANCER_LOCAL).add(lbEntry);
        }
        if (!port.loadBalancerSourceRanges().isEmpty()) {
          sets.get(KubeIpSet.LOAD_BALANCER_FW).add(lbEntry);
          boolean allowFromNode = false;
          for (Cidr range : port.loadBalancerSourceRanges()) {
            sets.get(KubeIpSet.LOAD_BALANCER_SOURCE_CIDR).add(lbEntry + "," + range);
            allowFromNode |= primaryNodeIP != null && range.contains(primaryNodeIP);
          }
          if (allowFromNode) {
            sets.get(KubeIpSet.LOAD_BALANCER_SOURCE_IP).add(lbEntry + "," + Ips.text(ip));
          } else {
            noNodeAccess.add(new IpvsRulesWriter.NoNodeAccess(Ips.text(ip), proto, port.port()));
          }
        }
        servers.add(server(port, ip, port.port(), scheduler, external));
        if (!nodeIPs.contains(ip)) {
          bound.put(Ips.text(ip), ip);
        }
      }
      if (port.nodePort() != 0 && !nodeIPs.isEmpty()) {
        List<String> entries = new ArrayList<>();
        KubeIpSet set;
        KubeIpSet localSet;
        switch (port.protocol()) {
          case TCP -> {
            set = KubeIpSet.NODE_PORT_TCP;
            localSet = KubeIpSet.NODE_PORT_LOCAL_TCP;
          }
          case UDP -> {
            set = KubeIpSet.NODE_PORT_UDP;
            localSet = KubeIpSet.NODE_PORT_LOCAL_UDP;
          }
          default -> {
            set = KubeIpSet.NODE_PORT_SCTP;
            localSet = KubeIpSet.NODE_PORT_LOCAL_SCTP;
          }
        }
        if (set.bitmap()) {
          entries.add(String.valueOf(port.nodePort()));
        } else {
          nodeIPs.forEach(ip -> entries.add(entry(ip, proto, port.nodePort())));
        }
        sets.get(set).addAll(entries);
        if (port.externalPolicyLocal()) {
          sets.get(localSet).addAll(entries);
        }
        for (InetAddress ip : nodeIPs) {
          servers.add(server(port, ip, port.nodePort(), scheduler, external));
        }
      }
      if (port.healthCheckNodePort() != 0 && (port.nodePort() == 0 || !nodeIPs.isEmpty())) {
        sets.get(KubeIpSet.HEALTH_CHECK_NODE_PORT).add(String.valueOf(port.healthCheckNodePort()));
      }
    }
    bound.keySet().forEach(sets.get(KubeIpSet.IPVS_IPS)::add);
    servers.sort(Comparator
        .comparing((IpvsVirtualServer s) -> ((ServiceId.ByAddress) s.service().id()).protocol())
        .thenComparing(s -> ((ServiceId.ByAddress) s.service().id()).address(),
            IpvsPlanner::compareAddresses)
        .thenComparingInt(s -> ((ServiceId.ByAddress) s.service().id()).port()));
    List<IpSetEntries> ipSets = new ArrayList<>();
    Set<KubeIpSet> nonEmpty = EnumSet.noneOf(KubeIpSet.class);
    sets.forEach((set, entries) -> {
      ipSets.add(new IpSetEntries(set.name(family), set.type(), createOptions(set, family),
          sortedEntries(set, entries)));
      if (!entries.isEmpty()) {
        nonEmpty.add(set);
      }
    });
    String payload = new IpvsRulesWriter(options, family, node.clusterCidr(family))
        .write(nonEmpty, noNodeAccess);
    List<InetAddress> boundList = new ArrayList<>(bound.values());
    boundList.sort(IpvsPlanner::compareAddresses);
    return new IpvsPlan(family, IpvsPlan.DUMMY_INTERFACE, boundList, servers, ipSets, payload,
        IpvsRulesWriter.jumpRules());
  }

  /** kube-proxy's {@code ipset create} options: hash sets 1024/65536 of the family, bitmaps 0-65535. */
  private static List<String> createOptions(KubeIpSet set, IpFamily family) {
    if (set.bitmap()) {
      return List.of("range", "0-65535");
    }
    return List.of("family", family == IpFamily.IPV6 ? "inet6" : "inet", "hashsize", "1024",
        "maxelem", "65536");
  }

  /** Bitmap sets in port order, the others in text order. */
  private static List<String> sortedEntries(KubeIpSet set, TreeSet<String> entries) {
    List<String> out = new ArrayList<>(entries);
    if (set.bitmap()) {
      out.sort(Comparator.comparingInt(Integer::parseInt));
    }
    return out;
  }

  /** kube-proxy's IPv6 sets are called KUBE-6-…, cut to ipset's 31 characters. */
  public static String setName(String name, IpFamily family) {
    if (family == IpFamily.IPV4) {
      return name;
    }
    String six = name.replaceFirst("^KUBE-", "KUBE-6-");
    return six.length() > 31 ? six.substring(0, 31) : six;
  }

  private static String entry(InetAddress ip, String proto, int port) {
    return Ips.text(ip) + "," + proto + ":" + port;
  }

  private static IpvsVirtualServer server(ServicePortInfo port, InetAddress address, int number,
      String scheduler, List<EndpointInfo> endpoints) {
    VirtualService service = VirtualService.of(
        ServiceId.of(port.protocol().ipvs(), address, number), scheduler);
    if (port.sessionAffinity()) {
      service = service.withPersistence(port.affinityTimeoutSeconds());
    }
    List<RealServer> real = new ArrayList<>();
    for (EndpointInfo e : endpoints) {
      real.add(RealServer.of(e.ip(), e.port(), ForwardingMethod.MASQ));
    }
    real.sort(Comparator.comparing(RealServer::address, IpvsPlanner::compareAddresses)
        .thenComparingInt(RealServer::port));
    return new IpvsVirtualServer(service, real);
  }

  /** Numeric address order (ipvsadm sorts services and destinations this way). */
  static int compareAddresses(InetAddress a, InetAddress b) {
    byte[] x = a.getAddress();
    byte[] y = b.getAddress();
    if (x.length != y.length) {
      return Integer.compare(x.length, y.length);
    }
    for (int i = 0; i < x.length; i++) {
      int c = Integer.compare(x[i] & 0xff, y[i] & 0xff);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
