package dev.svcnet.proxy.internal;

import static dev.svcnet.proxy.internal.RestorePayload.quoted;

import dev.svcnet.proxy.ChainName;
import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.Ips;
import dev.svcnet.proxy.IptablesOptions;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The iptables-restore payload of kube-proxy 1.28-1.33 ({@code syncProxyRules} of a full sync
 * with no stale chains), for one IP family. Service ports are written in the order given (kube-
 * proxy uses Go map order, which varies per sync; only the order within each chain matters to
 * the kernel).
 */
public final class CurrentLayoutWriter {

  private static final String COMMENT = "-m comment --comment";

  private final IptablesOptions options;
  private final IpFamily family;
  private final Cidr clusterCidr;
  private final InetAddress nodeIP;
  private final String mark;
  private final RuleSink out;
  private final RestorePayload payload;

  /** A writer of one whole payload ({@link #write}). */
  public CurrentLayoutWriter(IptablesOptions options, IpFamily family, Cidr clusterCidr,
      InetAddress nodeIP) {
    this(options, family, clusterCidr, nodeIP, new RestorePayload());
  }

  /**
   * A writer into {@code out}, for the parts of a payload one at a time: {@link #writeHead},
   * {@link #writeServicePort} per service port, {@link #writeTail}.
   */
  public CurrentLayoutWriter(IptablesOptions options, IpFamily family, Cidr clusterCidr,
      InetAddress nodeIP, RuleSink out) {
    this.out = out;
    this.payload = out instanceof RestorePayload restore ? restore : null;
    this.options = options;
    this.family = family;
    this.clusterCidr = clusterCidr;
    this.nodeIP = nodeIP;
    this.mark = options.masqueradeMark();
  }

  /** The whole payload: the head, every service port in the order given, the tail. */
  public String write(List<ServicePortInfo> ports, EndpointsIndex endpoints) {
    if (payload == null) {
      throw new IllegalStateException("this writer writes into a sink, not a payload");
    }
    writeHead();
    for (ServicePortInfo port : ports) {
      writeServicePort(port, endpoints);
    }
    writeTail();
    return payload.text();
  }

  /**
   * What comes before the service ports: the top-level chains and the rules that do not depend
   * on any service (KUBE-POSTROUTING, KUBE-MARK-MASQ, KUBE-FIREWALL).
   */
  public void writeHead() {
    for (String chain : List.of("KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-FORWARD",
        "KUBE-NODEPORTS", "KUBE-PROXY-FIREWALL")) {
      out.filterChain(chain);
    }
    MasqueradeRules.writeNatHead(out, mark, options.randomFully());
    boolean ipv6 = family == IpFamily.IPV6;
    if (!ipv6 && options.localhostNodePorts()) {
      out.filterChain("KUBE-FIREWALL");
      out.filter("-A KUBE-FIREWALL", COMMENT, quoted("block incoming localnet connections"),
          "-d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT"
              + " -j DROP");
    }
  }

  /** The rules of one service port, with its endpoints from {@code endpoints}. */
  public void writeServicePort(ServicePortInfo port, EndpointsIndex endpoints) {
    writeServicePort(port, CategorizedEndpoints.of(
        endpoints.endpoints(port.name(), port.protocol()), port));
  }

  /** What comes after the service ports: the NodePort jump of KUBE-SERVICES, KUBE-FORWARD. */
  public void writeTail() {
    boolean ipv6 = family == IpFamily.IPV6;
    String destinations = "-m addrtype --dst-type LOCAL";
    if (ipv6) {
      destinations += " ! -d ::1/128";
    } else if (!options.localhostNodePorts()) {
      destinations += " ! -d 127.0.0.0/8";
    }
    out.nat("-A KUBE-SERVICES", COMMENT,
        quoted("kubernetes service nodeports; NOTE: this must be the last rule in this chain"),
        destinations, "-j KUBE-NODEPORTS");
    if (!options.conntrackTcpBeLiberal()) {
      out.filter("-A KUBE-FORWARD -m conntrack --ctstate INVALID",
          options.nfacctCounters() ? "-m nfacct --nfacct-name ct_state_invalid_dropped_pkts" : "",
          "-j DROP");
    }
    MasqueradeRules.writeForwardMarked(out, mark);
    out.filter("-A KUBE-FORWARD", COMMENT, quoted("kubernetes forwarding conntrack rule"),
        "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
  }

  private void writeServicePort(ServicePortInfo svc, CategorizedEndpoints eps) {
    String s = svc.name().toString();
    String p = svc.lowerProtocol();
    String match = "-m " + p + " -p " + p;
    String port = "--dport " + svc.port();
    String clusterIP = Ips.text(svc.clusterIP());

    PortChains chains = new PortChains(svc);
    boolean usesClusterPolicyChain = !eps.cluster().isEmpty() && svc.usesClusterEndpoints();
    boolean usesLocalPolicyChain = !eps.local().isEmpty() && svc.usesLocalEndpoints();

    boolean hasEndpoints = eps.hasAny();
    boolean hasInternalEndpoints = hasEndpoints;
    if (svc.internalPolicyLocal()) {
      hasInternalEndpoints = hasInternalEndpoints && !eps.local().isEmpty();
    }
    boolean hasExternalEndpoints = hasEndpoints;
    if (svc.externalPolicyLocal()) {
      hasExternalEndpoints = hasExternalEndpoints && !eps.local().isEmpty();
    }
    boolean usesExternalChain = hasEndpoints && svc.externallyAccessible();
    boolean usesFwChain = hasEndpoints && !svc.loadBalancerIPs().isEmpty()
        && !svc.loadBalancerSourceRanges().isEmpty();

    String internalFilterTarget = null;
    String internalFilterComment = null;
    String externalFilterTarget = null;
    String externalFilterComment = null;
    if (!hasEndpoints) {
      internalFilterTarget = "REJECT";
      internalFilterComment = quoted(s + " has no endpoints");
      externalFilterTarget = "REJECT";
      externalFilterComment = internalFilterComment;
    } else {
      if (!hasInternalEndpoints) {
        internalFilterTarget = "DROP";
        internalFilterComment = quoted(s + " has no local endpoints");
      }
      if (!hasExternalEndpoints) {
        externalFilterTarget = "DROP";
        externalFilterComment = quoted(s + " has no local endpoints");
      }
    }

    // Capture rules: cluster IP, external IPs, load-balancer IPs, node port, health check.
    if (hasInternalEndpoints) {
      out.nat("-A KUBE-SERVICES", COMMENT, quoted(s + " cluster IP"), match, "-d", clusterIP,
          port, "-j", chains.internal().value());
    } else {
      out.filter("-A KUBE-SERVICES", COMMENT, internalFilterComment, match, "-d", clusterIP,
          port, "-j", internalFilterTarget);
    }
    for (InetAddress externalIP : svc.externalIPs()) {
      String ip = Ips.text(externalIP);
      if (hasEndpoints) {
        out.nat("-A KUBE-SERVICES", COMMENT, quoted(s + " external IP"), match, "-d", ip, port,
            "-j", chains.external().value());
      }
      if (!hasExternalEndpoints) {
        out.filter("-A KUBE-EXTERNAL-SERVICES", COMMENT, externalFilterComment, match, "-d", ip,
            port, "-j", externalFilterTarget);
      }
    }
    for (InetAddress lbIP : svc.loadBalancerIPs()) {
      String ip = Ips.text(lbIP);
      if (hasEndpoints) {
        out.nat("-A KUBE-SERVICES", COMMENT, quoted(s + " loadbalancer IP"), match, "-d", ip,
            port, "-j", (usesFwChain ? chains.firewall() : chains.external()).value());
      }
      if (usesFwChain) {
        out.filter("-A KUBE-PROXY-FIREWALL", COMMENT,
            quoted(s + " traffic not accepted by " + chains.firewall()), match, "-d", ip, port,
            "-j DROP");
      }
    }
    if (!hasExternalEndpoints) {
      for (InetAddress lbIP : svc.loadBalancerIPs()) {
        out.filter("-A KUBE-EXTERNAL-SERVICES", COMMENT, externalFilterComment, match, "-d",
            Ips.text(lbIP), port, "-j", externalFilterTarget);
      }
    }
    if (svc.nodePort() != 0) {
      String nodePort = "--dport " + svc.nodePort();
      if (hasEndpoints) {
        if (options.localhostNodePorts() && family == IpFamily.IPV4
            && options.nfacctCounters()) {
          out.nat("-A KUBE-NODEPORTS", COMMENT, s, match, "-d 127.0.0.0/8", nodePort,
              "-m nfacct --nfacct-name localhost_nps_accepted_pkts", "-j",
              chains.external().value());
        }
        out.nat("-A KUBE-NODEPORTS", COMMENT, s, match, nodePort, "-j", chains.external().value());
      }
      if (!hasExternalEndpoints) {
        out.filter("-A KUBE-EXTERNAL-SERVICES", COMMENT, externalFilterComment,
            "-m addrtype --dst-type LOCAL", match, nodePort, "-j", externalFilterTarget);
      }
    }
    if (svc.healthCheckNodePort() != 0) {
      out.filter("-A KUBE-NODEPORTS", COMMENT, quoted(s + " health check node port"),
          "-m tcp -p tcp --dport", String.valueOf(svc.healthCheckNodePort()), "-j ACCEPT");
    }

    // Service chains.
    if (hasInternalEndpoints) {
      String args = String.join(" ", COMMENT, quoted(s + " cluster IP"), match, "-d", clusterIP,
          port);
      if (options.masqueradeAll()) {
        out.nat("-A", chains.internal().value(), args, "-j KUBE-MARK-MASQ");
      } else if (clusterCidr != null) {
        out.nat("-A", chains.internal().value(), args, "! -s", clusterCidr.toString(),
            "-j KUBE-MARK-MASQ");
      }
    }
    if (usesExternalChain) {
      out.natChain(chains.external());
      if (!svc.externalPolicyLocal()) {
        out.nat("-A", chains.external().value(), COMMENT,
            quoted("masquerade traffic for " + s + " external destinations"),
            "-j KUBE-MARK-MASQ");
      } else {
        if (clusterCidr != null) {
          out.nat("-A", chains.external().value(), COMMENT,
              quoted("pod traffic for " + s + " external destinations"),
              "-s", clusterCidr.toString(), "-j", chains.cluster().value());
        }
        out.nat("-A", chains.external().value(), COMMENT,
            quoted("masquerade LOCAL traffic for " + s + " external destinations"),
            "-m addrtype --src-type LOCAL -j KUBE-MARK-MASQ");
        out.nat("-A", chains.external().value(), COMMENT,
            quoted("route LOCAL traffic for " + s + " external destinations"),
            "-m addrtype --src-type LOCAL -j", chains.cluster().value());
      }
      if (hasExternalEndpoints) {
        out.nat("-A", chains.external().value(), "-j", chains.externalPolicy().value());
      }
    }
    if (usesFwChain) {
      out.natChain(chains.firewall());
      String args = String.join(" ", "-A", chains.firewall().value(), COMMENT,
          quoted(s + " loadbalancer IP"));
      boolean allowFromNode = false;
      for (Cidr range : svc.loadBalancerSourceRanges()) {
        out.nat(args, "-s", range.toString(), "-j", chains.external().value());
        if (nodeIP != null && range.contains(nodeIP)) {
          allowFromNode = true;
        }
      }
      if (allowFromNode) {
        for (InetAddress lbIP : svc.loadBalancerIPs()) {
          out.nat(args, "-s", Ips.text(lbIP), "-j", chains.external().value());
        }
      }
      out.nat("-A", chains.firewall().value(), COMMENT,
          quoted("other traffic to " + s + " will be dropped by KUBE-PROXY-FIREWALL"));
    }
    if (usesClusterPolicyChain) {
      out.natChain(chains.cluster());
      writeServiceToEndpointRules(svc, chains, chains.cluster(), eps.cluster());
    }
    if (usesLocalPolicyChain) {
      out.natChain(chains.local());
      writeServiceToEndpointRules(svc, chains, chains.local(), eps.local());
    }
    for (EndpointInfo ep : eps.allReachable()) {
      ChainName chain = chains.endpoint(ep);
      out.natChain(chain);
      out.nat("-A", chain.value(), COMMENT, s, "-s", ep.ipText(), "-j KUBE-MARK-MASQ");
      out.nat("-A", chain.value(), COMMENT, s,
          svc.sessionAffinity() ? "-m recent --name " + chain + " --set" : "",
          match, "-j DNAT --to-destination", ep.hostPort());
    }
  }

  private void writeServiceToEndpointRules(ServicePortInfo svc, PortChains chains,
      ChainName chain, List<EndpointInfo> endpoints) {
    String s = svc.name().toString();
    if (svc.sessionAffinity()) {
      for (EndpointInfo ep : endpoints) {
        ChainName sep = chains.endpoint(ep);
        out.nat("-A", chain.value(), COMMENT, quoted(s + " -> " + ep.hostPort()),
            "-m recent --name", sep.value(), "--rcheck --seconds",
            String.valueOf(svc.affinityTimeoutSeconds()), "--reap -j", sep.value());
      }
    }
    int n = endpoints.size();
    for (int i = 0; i < n; i++) {
      EndpointInfo ep = endpoints.get(i);
      out.nat("-A", chain.value(), COMMENT, quoted(s + " -> " + ep.hostPort()),
          i < n - 1 ? "-m statistic --mode random --probability " + Probability.of(n - i) : "",
          "-j", chains.endpoint(ep).value());
    }
  }

  /**
   * The chain names of one service port, each hashed when first needed and once: a render asks
   * for an endpoint's chain in up to three rules.
   */
  private static final class PortChains {
    private final ServicePortInfo svc;
    private final String hashKey;
    private final Map<String, ChainName> endpoints = new HashMap<>();
    private ChainName cluster;
    private ChainName local;
    private ChainName external;
    private ChainName firewall;

    PortChains(ServicePortInfo svc) {
      this.svc = svc;
      this.hashKey = ChainName.hashKey(svc.name(), svc.protocol());
    }

    /** KUBE-SVC: Cluster policy. */
    ChainName cluster() {
      if (cluster == null) {
        cluster = svc.serviceChain();
      }
      return cluster;
    }

    /** KUBE-SVL: Local policy. */
    ChainName local() {
      if (local == null) {
        local = svc.localChain();
      }
      return local;
    }

    /** KUBE-EXT. */
    ChainName external() {
      if (external == null) {
        external = svc.externalChain();
      }
      return external;
    }

    /** KUBE-FW. */
    ChainName firewall() {
      if (firewall == null) {
        firewall = svc.firewallChain();
      }
      return firewall;
    }

    /** The policy chain of cluster-internal traffic. */
    ChainName internal() {
      return svc.internalPolicyLocal() ? local() : cluster();
    }

    /** The policy chain of external traffic. */
    ChainName externalPolicy() {
      return svc.externalPolicyLocal() ? local() : cluster();
    }

    /** KUBE-SEP of {@code endpoint}. */
    ChainName endpoint(EndpointInfo endpoint) {
      return endpoints.computeIfAbsent(endpoint.hostPort(), e -> endpoint.chain(hashKey));
    }
  }
}
