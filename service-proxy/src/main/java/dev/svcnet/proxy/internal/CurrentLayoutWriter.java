package dev.svcnet.proxy.internal;

import static dev.svcnet.proxy.internal.RestorePayload.quoted;

import dev.svcnet.proxy.ChainName;
import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.Ips;
import dev.svcnet.proxy.IptablesOptions;
import java.net.InetAddress;
import java.util.List;

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
  private final RestorePayload out = new RestorePayload();

  public CurrentLayoutWriter(IptablesOptions options, IpFamily family, Cidr clusterCidr,
      InetAddress nodeIP) {
    this.options = options;
    this.family = family;
    this.clusterCidr = clusterCidr;
    this.nodeIP = nodeIP;
    this.mark = options.masqueradeMark();
  }

  public String write(List<ServicePortInfo> ports, EndpointsIndex endpoints) {
    for (String chain : List.of("KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-FORWARD",
        "KUBE-NODEPORTS", "KUBE-PROXY-FIREWALL")) {
      out.filterChain(chain);
    }
    for (String chain : List.of("KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING",
        "KUBE-MARK-MASQ")) {
      out.natChain(chain);
    }
    out.nat("-A KUBE-POSTROUTING -m mark ! --mark", mark + "/" + mark, "-j RETURN");
    out.nat("-A KUBE-POSTROUTING -j MARK --xor-mark", mark);
    out.nat("-A KUBE-POSTROUTING", COMMENT, quoted("kubernetes service traffic requiring SNAT"),
        "-j MASQUERADE", options.randomFully() ? "--random-fully" : "");
    out.nat("-A KUBE-MARK-MASQ -j MARK --or-mark", mark);
    boolean ipv6 = family == IpFamily.IPV6;
    if (!ipv6 && options.localhostNodePorts()) {
      out.filterChain("KUBE-FIREWALL");
      out.filter("-A KUBE-FIREWALL", COMMENT, quoted("block incoming localnet connections"),
          "-d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT"
              + " -j DROP");
    }
    for (ServicePortInfo port : ports) {
      writeServicePort(port, CategorizedEndpoints.of(
          endpoints.endpoints(port.name(), port.protocol()), port));
    }
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
    out.filter("-A KUBE-FORWARD", COMMENT, quoted("kubernetes forwarding rules"),
        "-m mark --mark", mark + "/" + mark, "-j ACCEPT");
    out.filter("-A KUBE-FORWARD", COMMENT, quoted("kubernetes forwarding conntrack rule"),
        "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
    return out.text();
  }

  private void writeServicePort(ServicePortInfo svc, CategorizedEndpoints eps) {
    String s = svc.name().toString();
    String p = svc.lowerProtocol();
    String match = "-m " + p + " -p " + p;
    String port = "--dport " + svc.port();
    String clusterIP = Ips.text(svc.clusterIP());

    ChainName clusterPolicyChain = svc.serviceChain();
    boolean usesClusterPolicyChain = !eps.cluster().isEmpty() && svc.usesClusterEndpoints();
    ChainName localPolicyChain = svc.localChain();
    boolean usesLocalPolicyChain = !eps.local().isEmpty() && svc.usesLocalEndpoints();

    boolean hasEndpoints = eps.hasAny();
    ChainName internalChain = clusterPolicyChain;
    boolean hasInternalEndpoints = hasEndpoints;
    if (svc.internalPolicyLocal()) {
      internalChain = localPolicyChain;
      hasInternalEndpoints = hasInternalEndpoints && !eps.local().isEmpty();
    }
    ChainName externalPolicyChain = clusterPolicyChain;
    boolean hasExternalEndpoints = hasEndpoints;
    if (svc.externalPolicyLocal()) {
      externalPolicyChain = localPolicyChain;
      hasExternalEndpoints = hasExternalEndpoints && !eps.local().isEmpty();
    }
    ChainName externalChain = svc.externalChain();
    boolean usesExternalChain = hasEndpoints && svc.externallyAccessible();
    ChainName fwChain = svc.firewallChain();
    boolean usesFwChain = hasEndpoints && !svc.loadBalancerIPs().isEmpty()
        && !svc.loadBalancerSourceRanges().isEmpty();
    ChainName loadBalancerChain = usesFwChain ? fwChain : externalChain;

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
          port, "-j", internalChain.value());
    } else {
      out.filter("-A KUBE-SERVICES", COMMENT, internalFilterComment, match, "-d", clusterIP,
          port, "-j", internalFilterTarget);
    }
    for (InetAddress externalIP : svc.externalIPs()) {
      String ip = Ips.text(externalIP);
      if (hasEndpoints) {
        out.nat("-A KUBE-SERVICES", COMMENT, quoted(s + " external IP"), match, "-d", ip, port,
            "-j", externalChain.value());
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
            port, "-j", loadBalancerChain.value());
      }
      if (usesFwChain) {
        out.filter("-A KUBE-PROXY-FIREWALL", COMMENT,
            quoted(s + " traffic not accepted by " + fwChain), match, "-d", ip, port, "-j DROP");
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
              "-m nfacct --nfacct-name localhost_nps_accepted_pkts", "-j", externalChain.value());
        }
        out.nat("-A KUBE-NODEPORTS", COMMENT, s, match, nodePort, "-j", externalChain.value());
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
        out.nat("-A", internalChain.value(), args, "-j KUBE-MARK-MASQ");
      } else if (clusterCidr != null) {
        out.nat("-A", internalChain.value(), args, "! -s", clusterCidr.toString(),
            "-j KUBE-MARK-MASQ");
      }
    }
    if (usesExternalChain) {
      out.natChain(externalChain);
      if (!svc.externalPolicyLocal()) {
        out.nat("-A", externalChain.value(), COMMENT,
            quoted("masquerade traffic for " + s + " external destinations"),
            "-j KUBE-MARK-MASQ");
      } else {
        if (clusterCidr != null) {
          out.nat("-A", externalChain.value(), COMMENT,
              quoted("pod traffic for " + s + " external destinations"),
              "-s", clusterCidr.toString(), "-j", clusterPolicyChain.value());
        }
        out.nat("-A", externalChain.value(), COMMENT,
            quoted("masquerade LOCAL traffic for " + s + " external destinations"),
            "-m addrtype --src-type LOCAL -j KUBE-MARK-MASQ");
        out.nat("-A", externalChain.value(), COMMENT,
            quoted("route LOCAL traffic for " + s + " external destinations"),
            "-m addrtype --src-type LOCAL -j", clusterPolicyChain.value());
      }
      if (hasExternalEndpoints) {
        out.nat("-A", externalChain.value(), "-j", externalPolicyChain.value());
      }
    }
    if (usesFwChain) {
      out.natChain(fwChain);
      String args = String.join(" ", "-A", fwChain.value(), COMMENT,
          quoted(s + " loadbalancer IP"));
      boolean allowFromNode = false;
      for (Cidr range : svc.loadBalancerSourceRanges()) {
        out.nat(args, "-s", range.toString(), "-j", externalChain.value());
        if (nodeIP != null && range.contains(nodeIP)) {
          allowFromNode = true;
        }
      }
      if (allowFromNode) {
        for (InetAddress lbIP : svc.loadBalancerIPs()) {
          out.nat(args, "-s", Ips.text(lbIP), "-j", externalChain.value());
        }
      }
      out.nat("-A", fwChain.value(), COMMENT,
          quoted("other traffic to " + s + " will be dropped by KUBE-PROXY-FIREWALL"));
    }
    if (usesClusterPolicyChain) {
      out.natChain(clusterPolicyChain);
      writeServiceToEndpointRules(svc, clusterPolicyChain, eps.cluster());
    }
    if (usesLocalPolicyChain) {
      out.natChain(localPolicyChain);
      writeServiceToEndpointRules(svc, localPolicyChain, eps.local());
    }
    for (EndpointInfo ep : eps.allReachable()) {
      ChainName chain = ep.chain(svc.name(), svc.protocol());
      out.natChain(chain);
      out.nat("-A", chain.value(), COMMENT, s, "-s", ep.ipText(), "-j KUBE-MARK-MASQ");
      out.nat("-A", chain.value(), COMMENT, s,
          svc.sessionAffinity() ? "-m recent --name " + chain + " --set" : "",
          match, "-j DNAT --to-destination", ep.hostPort());
    }
  }

  private void writeServiceToEndpointRules(ServicePortInfo svc, ChainName chain,
      List<EndpointInfo> endpoints) {
    String s = svc.name().toString();
    if (svc.sessionAffinity()) {
      for (EndpointInfo ep : endpoints) {
        ChainName sep = ep.chain(svc.name(), svc.protocol());
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
          "-j", ep.chain(svc.name(), svc.protocol()).value());
    }
  }
}
