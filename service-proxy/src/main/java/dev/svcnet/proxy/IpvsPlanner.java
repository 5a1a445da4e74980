package dev.svcnet.proxy;

import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.proxy.internal.CategorizedEndpoints;
import dev.svcnet.proxy.internal.EndpointInfo;
import dev.svcnet.proxy.internal.EndpointsIndex;
import dev.svcnet.proxy.internal.ServicePortInfo;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The IPVS-mode plan kube-proxy derives in {@code syncProxyRules} (pkg/proxy/ipvs/proxier.go):
 * for every service port a virtual server on the ClusterIP (bound to kube-ipvs0), on each
 * external IP and load-balancer IP, and on every node IP for the NodePort; ClientIP affinity
 * makes them persistent for the affinity timeout; real servers are the endpoints kube-proxy's
 * traffic policies select (Masq, weight 1). The ipsets hold what its iptables rules match on.
 *
 * <p>Not covered: KUBE-HEALTH-CHECK-NODE-PORT, the iptables rules themselves, graceful
 * termination (weight-0 real servers kept while connections drain), topology hints.
 */
public final class IpvsPlanner {

  private IpvsPlanner() {}

  /** kube-proxy's default scheduler. */
  public static final String DEFAULT_SCHEDULER = "rr";

  public static IpvsPlan plan(ClusterState state, NodeSettings node, IpFamily family,
      String scheduler) {
    Objects.requireNonNull(scheduler, "scheduler");
    List<ServicePortInfo> ports = new ArrayList<>();
    for (ClusterService service : state.services()) {
      ports.addAll(ServicePortInfo.of(service, family, true));
    }
    EndpointsIndex endpoints = EndpointsIndex.of(state.endpointSlices(), family, node.nodeName());
    List<InetAddress> nodeIPs = node.nodeIPs(family);
    InetAddress primaryNodeIP = node.nodeIP(family);
    Map<String, TreeSet<String>> sets = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    TreeMap<String, InetAddress> bound = new TreeMap<>();
    List<IpvsVirtualServer> servers = new ArrayList<>();
    for (ServicePortInfo port : ports) {
      List<EndpointInfo> all = endpoints.endpoints(port.name(), port.protocol());
      CategorizedEndpoints eps = CategorizedEndpoints.of(all, port);
      String proto = port.lowerProtocol();
      for (EndpointInfo e : all) {
        if (e.local()) {
          add(sets, types, "KUBE-LOOP-BACK", "hash:ip,port,ip",
              e.ipText() + "," + proto + ":" + e.port() + "," + e.ipText());
        }
      }
      String clusterEntry = Ips.text(port.clusterIP()) + "," + proto + ":" + port.port();
      add(sets, types, "KUBE-CLUSTER-IP", "hash:ip,port", clusterEntry);
      servers.add(server(port, port.clusterIP(), port.port(), scheduler,
          port.internalPolicyLocal() ? eps.local() : eps.cluster()));
      bound.put(Ips.text(port.clusterIP()), port.clusterIP());

      List<EndpointInfo> external = port.externalPolicyLocal() ? eps.local() : eps.cluster();
      for (InetAddress ip : port.externalIPs()) {
        add(sets, types, port.externalPolicyLocal() ? "KUBE-EXTERNAL-IP-LOCAL"
            : "KUBE-EXTERNAL-IP", "hash:ip,port", entry(ip, proto, port.port()));
        servers.add(server(port, ip, port.port(), scheduler, external));
        if (!nodeIPs.contains(ip)) {
          bound.put(Ips.text(ip), ip);
        }
      }
      for (InetAddress ip : port.loadBalancerIPs()) {
        String lbEntry = entry(ip, proto, port.port());
        add(sets, types, "KUBE-LOAD-BALANCER", "hash:ip,port", lbEntry);
        if (port.externalPolicyLocal()) {
          add(sets, types, "KUBE-LOAD-BALANCER-LOCAL", "hash:ip,port", lbEntry);
        }
        if (!port.loadBalancerSourceRanges().isEmpty()) {
          add(sets, types, "KUBE-LOAD-BALANCER-FW", "hash:ip,port", lbEntry);
          boolean allowFromNode = false;
          for (Cidr range : port.loadBalancerSourceRanges()) {
            add(sets, types, "KUBE-LOAD-BALANCER-SOURCE-CIDR", "hash:ip,port,net",
                lbEntry + "," + range);
            allowFromNode |= primaryNodeIP != null && range.contains(primaryNodeIP);
          }
          if (allowFromNode) {
            add(sets, types, "KUBE-LOAD-BALANCER-SOURCE-IP", "hash:ip,port,ip",
                lbEntry + "," + Ips.text(ip));
          }
        }
        servers.add(server(port, ip, port.port(), scheduler, external));
        if (!nodeIPs.contains(ip)) {
          bound.put(Ips.text(ip), ip);
        }
      }
      if (port.nodePort() != 0 && !nodeIPs.isEmpty()) {
        String suffix = port.protocol() == Protocol.SCTP ? "SCTP-HASH" : port.protocol().name();
        List<String> entries = new ArrayList<>();
        String type;
        if (port.protocol() == Protocol.SCTP) {
          type = "hash:ip,port";
          nodeIPs.forEach(ip -> entries.add(entry(ip, proto, port.nodePort())));
        } else {
          type = "bitmap:port";
          entries.add(String.valueOf(port.nodePort()));
        }
        entries.forEach(e -> add(sets, types, "KUBE-NODE-PORT-" + suffix, type, e));
        if (port.externalPolicyLocal()) {
          entries.forEach(e -> add(sets, types, "KUBE-NODE-PORT-LOCAL-" + suffix, type, e));
        }
        for (InetAddress ip : nodeIPs) {
          servers.add(server(port, ip, port.nodePort(), scheduler, external));
        }
      }
    }
    servers.sort(Comparator
        .comparing((IpvsVirtualServer s) -> ((ServiceId.ByAddress) s.service().id()).protocol())
        .thenComparing(s -> ((ServiceId.ByAddress) s.service().id()).address(),
            IpvsPlanner::compareAddresses)
        .thenComparingInt(s -> ((ServiceId.ByAddress) s.service().id()).port()));
    List<IpSetEntries> ipSets = new ArrayList<>();
    sets.forEach((name, entries) -> ipSets.add(new IpSetEntries(
        setName(name, family), types.get(name), new ArrayList<>(entries))));
    List<InetAddress> boundList = new ArrayList<>(bound.values());
    boundList.sort(IpvsPlanner::compareAddresses);
    return new IpvsPlan(family, IpvsPlan.DUMMY_INTERFACE, boundList, servers, ipSets);
  }

  /** kube-proxy's IPv6 sets are called KUBE-6-…, cut to ipset's 31 characters. */
  static String setName(String name, IpFamily family) {
    if (family == IpFamily.IPV4) {
      return name;
    }
    String six = name.replaceFirst("^KUBE-", "KUBE-6-");
    return six.length() > 31 ? six.substring(0, 31) : six;
  }

  private static String entry(InetAddress ip, String proto, int port) {
    return Ips.text(ip) + "," + proto + ":" + port;
  }

  private static void add(Map<String, TreeSet<String>> sets, Map<String, String> types,
      String name, String type, String entry) {
    sets.computeIfAbsent(name, k -> new TreeSet<>()).add(entry);
    types.put(name, type);
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
