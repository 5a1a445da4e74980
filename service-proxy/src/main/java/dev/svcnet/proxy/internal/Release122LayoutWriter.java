package dev.svcnet.proxy.internal;

import static dev.svcnet.proxy.internal.RestorePayload.quoted;

import dev.svcnet.proxy.ChainName;
import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.Ips;
import dev.svcnet.proxy.IptablesOptions;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The iptables-restore payload of kube-proxy 1.22 ({@code syncProxyRules} of a full sync with no
 * stale chains, default feature gates), for one IP family.
 *
 * <p>Source: {@code pkg/proxy/iptables/proxier.go} of Kubernetes 1.22 as vendored by
 * openshift/sdn branch release-4.9 ({@code vendor/k8s.io/kubernetes/pkg/proxy/iptables/
 * proxier.go}, go.mod {@code k8s.io/kubernetes v1.22.0-rc.0}, replaced by openshift/kubernetes
 * 0032072e185d); see {@code docs/kube-proxy-1.22.md}. What sets it apart from the current
 * layout:
 *
 * <ul>
 *   <li>no KUBE-EXT chains: NodePorts and external IPs jump straight to KUBE-SVC (Cluster
 *       policy, with a KUBE-MARK-MASQ rule in KUBE-SVC matching the same port) or to KUBE-XLB
 *       (externalTrafficPolicy Local); load-balancer IPs always go through KUBE-FW;
 *   <li>addresses carry a prefix length ({@code -d 172.30.0.41/32}, {@code -s ip/32});
 *   <li>the endpoint jumps are commented with the bare {@code ns/name:port}, the KUBE-XLB ones
 *       with {@code "Balancing rule i for ns/name:port"};
 *   <li>unready endpoints still count as endpoints (the service chain exists, without rules to
 *       them), and internalTrafficPolicy Local filters endpoints only when the external policy
 *       is Cluster;
 *   <li>traffic to drop is marked with KUBE-MARK-DROP (kubelet's chain), not filtered by
 *       KUBE-PROXY-FIREWALL.
 * </ul>
 *
 * <p>Left out: the OpenShift-only additions of that copy (the local-with-fallback annotation and
 * the preference for local openshift-dns endpoints), the ProxyTerminatingEndpoints alpha gate
 * (off by default in 1.22) and topology hints (alpha, off).
 */
public final class Release122LayoutWriter {

  private static final String COMMENT = "-m comment --comment";

  private final IptablesOptions options;
  private final IpFamily family;
  private final Cidr clusterCidr;
  private final InetAddress nodeIP;
  private final String mark;
  private final RestorePayload out = new RestorePayload();

  public Release122LayoutWriter(IptablesOptions options, IpFamily family, Cidr clusterCidr,
      InetAddress nodeIP) {
    this.options = options;
    this.family = family;
    this.clusterCidr = clusterCidr;
    this.nodeIP = nodeIP;
    this.mark = options.masqueradeMark();
  }

  public String write(List<ServicePortInfo> ports, EndpointsIndex endpoints) {
    for (String chain : List.of("KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-FORWARD",
        "KUBE-NODEPORTS")) {
      out.filterChain(chain);
    }
    MasqueradeRules.writeNatHead(out, mark, options.randomFully());
    for (ServicePortInfo port : ports) {
      writeServicePort(port, endpointsOf(port, endpoints));
    }
    // Without --nodeport-addresses the node addresses are the zero CIDRs: one rule, no -d.
    out.nat("-A KUBE-SERVICES", COMMENT,
        quoted("kubernetes service nodeports; NOTE: this must be the last rule in this chain"),
        "-m addrtype --dst-type LOCAL -j KUBE-NODEPORTS");
    out.filter("-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP");
    MasqueradeRules.writeForwardMarked(out, mark);
    out.filter("-A KUBE-FORWARD", COMMENT,
        quoted("kubernetes forwarding conntrack pod source rule"),
        "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
    out.filter("-A KUBE-FORWARD", COMMENT,
        quoted("kubernetes forwarding conntrack pod destination rule"),
        "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
    return out.text();
  }

  /**
   * 1.22's {@code FilterEndpoints}: every endpoint of the port, ready or not; with
   * internalTrafficPolicy Local (and external policy Cluster) only the node-local ones.
   */
  private static List<EndpointInfo> endpointsOf(ServicePortInfo port, EndpointsIndex index) {
    List<EndpointInfo> all = index.endpoints(port.name(), port.protocol());
    if (!port.externalPolicyLocal() && port.internalPolicyLocal()) {
      return all.stream().filter(EndpointInfo::local).toList();
    }
    return all;
  }

  /** {@code utilproxy.ToCIDR}: the address with /32 or /128. */
  private static String cidr(InetAddress address) {
    return Ips.text(address) + (IpFamily.of(address) == IpFamily.IPV4 ? "/32" : "/128");
  }

  private void writeServicePort(ServicePortInfo svc, List<EndpointInfo> endpoints) {
    String s = svc.name().toString();
    String p = svc.lowerProtocol();
    String match = "-m " + p + " -p " + p;
    String port = "--dport " + svc.port();
    boolean hasEndpoints = !endpoints.isEmpty();
    boolean local = svc.externalPolicyLocal();
    ChainName svcChain = svc.serviceChain();
    ChainName xlbChain = svc.externalLoadBalancerChain();
    ChainName fwChain = svc.firewallChain();
    String noEndpoints = quoted(s + " has no endpoints");

    if (hasEndpoints) {
      out.natChain(svcChain);
    }
    if (local) {
      out.natChain(xlbChain);
    }

    String clusterIP = cidr(svc.clusterIP());
    if (hasEndpoints) {
      String args = String.join(" ", COMMENT, quoted(s + " cluster IP"), match, "-d", clusterIP,
          port);
      if (options.masqueradeAll()) {
        out.nat("-A", svcChain.value(), args, "-j KUBE-MARK-MASQ");
      } else if (clusterCidr != null) {
        out.nat("-A", svcChain.value(), args, notFromPods(), "-j KUBE-MARK-MASQ");
      }
      out.nat("-A KUBE-SERVICES", args, "-j", svcChain.value());
    } else {
      out.filter("-A KUBE-SERVICES", COMMENT, noEndpoints, match, "-d", clusterIP, port,
          "-j REJECT");
    }

    for (InetAddress externalIP : svc.externalIPs()) {
      String destination = cidr(externalIP);
      if (!hasEndpoints) {
        out.filter("-A KUBE-EXTERNAL-SERVICES", COMMENT, noEndpoints, match, "-d", destination,
            port, "-j REJECT");
        continue;
      }
      String args = String.join(" ", COMMENT, quoted(s + " external IP"), match, "-d",
          destination, port);
      if (!local) {
        // Without a local-traffic detector every packet to the external IP is masqueraded.
        out.nat("-A", svcChain.value(), args, clusterCidr != null ? notFromPods() : "",
            "-j KUBE-MARK-MASQ");
      }
      out.nat("-A KUBE-SERVICES", args, "-j", (local ? xlbChain : svcChain).value());
    }

    for (InetAddress lbIP : svc.loadBalancerIPs()) {
      String destination = cidr(lbIP);
      if (!hasEndpoints) {
        out.filter("-A KUBE-EXTERNAL-SERVICES", COMMENT, noEndpoints, match, "-d", destination,
            port, "-j REJECT");
        continue;
      }
      // kube-proxy 1.22 writes the chain line and the KUBE-FW rules once per ingress IP.
      out.natChain(fwChain);
      out.nat("-A KUBE-SERVICES", COMMENT, quoted(s + " loadbalancer IP"), match, "-d",
          destination, port, "-j", fwChain.value());
      writeFirewallChain(svc, lbIP, local ? xlbChain : svcChain);
    }

    if (svc.nodePort() != 0) {
      String nodePort = "--dport " + svc.nodePort();
      if (!hasEndpoints) {
        out.filter("-A KUBE-EXTERNAL-SERVICES", COMMENT, noEndpoints,
            "-m addrtype --dst-type LOCAL", match, nodePort, "-j REJECT");
      } else if (!local) {
        out.nat("-A", svcChain.value(), COMMENT, s, match, nodePort, "-j KUBE-MARK-MASQ");
        out.nat("-A KUBE-NODEPORTS", COMMENT, s, match, nodePort, "-j", svcChain.value());
      } else {
        String loopback = family == IpFamily.IPV6 ? "::1/128" : "127.0.0.0/8";
        out.nat("-A KUBE-NODEPORTS", COMMENT, s, match, nodePort, "-s", loopback,
            "-j KUBE-MARK-MASQ");
        out.nat("-A KUBE-NODEPORTS", COMMENT, s, match, nodePort, "-j", xlbChain.value());
      }
    }

    if (svc.healthCheckNodePort() != 0) {
      out.filter("-A KUBE-NODEPORTS", COMMENT, quoted(s + " health check node port"),
          "-m tcp -p tcp --dport", String.valueOf(svc.healthCheckNodePort()), "-j ACCEPT");
    }

    if (!hasEndpoints) {
      return;
    }
    writeServiceChain(svc, endpoints);
    if (local) {
      writeExternalLoadBalancerChain(svc, endpoints);
    }
  }

  /** {@code ! -s <cluster CIDR>}: kube-proxy's local-traffic detector by cluster CIDR. */
  private String notFromPods() {
    return "! -s " + clusterCidr;
  }

  /**
   * KUBE-FW: masquerade (Cluster policy), let the source ranges through (all sources without
   * ranges, and the load-balancer IP itself when a range holds the node IP), mark the rest for
   * dropping.
   */
  private void writeFirewallChain(ServicePortInfo svc, InetAddress lbIP, ChainName target) {
    String head = String.join(" ", "-A", svc.firewallChain().value(), COMMENT,
        quoted(svc.name() + " loadbalancer IP"));
    if (!svc.externalPolicyLocal()) {
      out.nat(head, "-j KUBE-MARK-MASQ");
    }
    if (svc.loadBalancerSourceRanges().isEmpty()) {
      out.nat(head, "-j", target.value());
    } else {
      boolean allowFromNode = false;
      for (Cidr range : svc.loadBalancerSourceRanges()) {
        out.nat(head, "-s", range.toString(), "-j", target.value());
        allowFromNode |= nodeIP != null && range.contains(nodeIP);
      }
      if (allowFromNode) {
        out.nat(head, "-s", cidr(lbIP), "-j", target.value());
      }
    }
    out.nat(head, "-j KUBE-MARK-DROP");
  }

  /**
   * KUBE-SVC (affinity checks over every endpoint, then the probability cascade over the ready
   * ones) and a KUBE-SEP chain for every endpoint, ready or not.
   */
  private void writeServiceChain(ServicePortInfo svc, List<EndpointInfo> endpoints) {
    String s = svc.name().toString();
    String svcChain = svc.serviceChain().value();
    List<ChainName> chains = new ArrayList<>(endpoints.size());
    for (EndpointInfo ep : endpoints) {
      ChainName chain = ep.chain(svc.name(), svc.protocol());
      chains.add(chain);
      out.natChain(chain);
    }
    if (svc.sessionAffinity()) {
      writeAffinityChecks(svcChain, s, chains, svc.affinityTimeoutSeconds());
    }
    List<ChainName> ready = new ArrayList<>();
    for (int i = 0; i < endpoints.size(); i++) {
      if (endpoints.get(i).ready()) {
        ready.add(chains.get(i));
      }
    }
    for (int i = 0; i < ready.size(); i++) {
      out.nat("-A", svcChain, COMMENT, s, probability(i, ready.size()), "-j",
          ready.get(i).value());
    }
    String p = svc.lowerProtocol();
    for (int i = 0; i < endpoints.size(); i++) {
      EndpointInfo ep = endpoints.get(i);
      String chain = chains.get(i).value();
      out.nat("-A", chain, COMMENT, s, "-s", cidr(ep.ip()), "-j KUBE-MARK-MASQ");
      out.nat("-A", chain, COMMENT, s,
          svc.sessionAffinity() ? "-m recent --name " + chain + " --set" : "",
          "-m", p, "-p", p, "-j DNAT --to-destination", ep.hostPort());
    }
  }

  /**
   * KUBE-XLB (externalTrafficPolicy Local): pod traffic to the cluster-wide chain, node-local
   * sources masqueraded and sent there too, then the ready local endpoints, or a drop mark.
   */
  private void writeExternalLoadBalancerChain(ServicePortInfo svc, List<EndpointInfo> endpoints) {
    String s = svc.name().toString();
    String xlb = svc.externalLoadBalancerChain().value();
    String svcChain = svc.serviceChain().value();
    if (clusterCidr != null) {
      out.nat("-A", xlb, COMMENT,
          quoted("Redirect pods trying to reach external loadbalancer VIP to clusterIP"),
          "-s", clusterCidr.toString(), "-j", svcChain);
    }
    out.nat("-A", xlb, COMMENT, quoted("masquerade LOCAL traffic for " + s + " LB IP"),
        "-m addrtype --src-type LOCAL -j KUBE-MARK-MASQ");
    out.nat("-A", xlb, COMMENT, quoted("route LOCAL traffic for " + s + " LB IP to service chain"),
        "-m addrtype --src-type LOCAL -j", svcChain);
    List<ChainName> local = new ArrayList<>();
    for (EndpointInfo ep : endpoints) {
      if (ep.local() && ep.ready()) {
        local.add(ep.chain(svc.name(), svc.protocol()));
      }
    }
    if (local.isEmpty()) {
      out.nat("-A", xlb, COMMENT, quoted(s + " has no local endpoints"), "-j KUBE-MARK-DROP");
      return;
    }
    if (svc.sessionAffinity()) {
      writeAffinityChecks(xlb, s, local, svc.affinityTimeoutSeconds());
    }
    for (int i = 0; i < local.size(); i++) {
      out.nat("-A", xlb, COMMENT, quoted("Balancing rule " + i + " for " + s),
          probability(i, local.size()), "-j", local.get(i).value());
    }
  }

  private void writeAffinityChecks(String chain, String s, List<ChainName> endpoints,
      int timeoutSeconds) {
    for (ChainName sep : endpoints) {
      out.nat("-A", chain, COMMENT, s, "-m recent --name", sep.value(), "--rcheck --seconds",
          String.valueOf(timeoutSeconds), "--reap -j", sep.value());
    }
  }

  /** The statistic match of rule {@code i} of {@code n}; the last rule always matches. */
  private static String probability(int i, int n) {
    return i < n - 1 ? "-m statistic --mode random --probability " + Probability.of(n - i) : "";
  }
}
