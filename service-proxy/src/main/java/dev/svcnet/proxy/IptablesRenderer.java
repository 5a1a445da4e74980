package dev.svcnet.proxy;

import dev.svcnet.proxy.internal.CurrentLayoutWriter;
import dev.svcnet.proxy.internal.EndpointsIndex;
import dev.svcnet.proxy.internal.Release122LayoutWriter;
import dev.svcnet.proxy.internal.ServicePortInfo;
import dev.svcnet.proxy.internal.ServicePortKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Comparator;
import java.util.Objects;

/**
 * Renders the iptables-restore payload (filter and nat tables) kube-proxy in iptables mode writes
 * on a full sync, for one IP family, in the layout of {@link IptablesOptions#profile()} (the
 * current one, or kube-proxy 1.22's). A dual-stack node has one payload per family (kube-proxy
 * feeds the IPv6 one to {@code ip6tables-restore}).
 *
 * <p>kube-proxy walks service ports in Go map order, which changes from sync to sync, so the
 * order of rules of different services inside KUBE-SERVICES, KUBE-NODEPORTS and the filter
 * chains is not fixed there. Here service ports are sorted by {@code ns/name:port} and protocol,
 * so the output is deterministic; the rules of every chain, in order, are kube-proxy's.
 *
 * <p>Not rendered: the jump rules kube-proxy adds with {@code iptables -I} outside the payload
 * (PREROUTING/OUTPUT to KUBE-SERVICES and so on; see {@link #jumpRules}), topology-aware hints,
 * {@code --nodeport-addresses} and the large-cluster comment dropping (above 1000 endpoints).
 */
public final class IptablesRenderer {

  private IptablesRenderer() {}

  /** The payload for {@code family}. */
  public static String render(ClusterState state, NodeSettings node, IpFamily family,
      IptablesOptions options) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(options, "options");
    boolean current = options.profile() == IptablesProfile.CURRENT;
    record Keyed(ServicePortKey key, ServicePortInfo port) {}
    List<Keyed> keyed = new ArrayList<>();
    for (ClusterService service : state.services()) {
      for (ServicePortInfo port : ServicePortInfo.of(service, family, current)) {
        keyed.add(new Keyed(ServicePortKey.of(port), port));
      }
    }
    keyed.sort(Comparator.comparing(Keyed::key));
    List<ServicePortInfo> ports = keyed.stream().map(Keyed::port).toList();
    EndpointsIndex endpoints = EndpointsIndex.of(state.endpointSlices(), family, node.nodeName());
    if (options.profile() == IptablesProfile.V1_22) {
      return new Release122LayoutWriter(options, family, node.clusterCidr(family),
          node.nodeIP(family)).write(ports, endpoints);
    }
    return new CurrentLayoutWriter(options, family, node.clusterCidr(family),
        node.nodeIP(family)).write(ports, endpoints);
  }

  /**
   * What kube-proxy makes sure exists before it restores the payload, as an iptables-restore text
   * to load with {@code --noflush} into a table that lacks it: nothing for the current layout;
   * for 1.22 the nat chain KUBE-MARK-DROP, which its payload jumps to but does not declare
   * (kube-proxy only creates it if missing; kubelet owns its rules). Loading the text flushes an
   * existing KUBE-MARK-DROP, so do not load it where kubelet has filled the chain.
   */
  public static String prerequisites(IpFamily family, IptablesOptions options) {
    Objects.requireNonNull(family, "family");
    if (options.profile() == IptablesProfile.V1_22) {
      return "*nat\n:KUBE-MARK-DROP - [0:0]\nCOMMIT\n";
    }
    return "";
  }

  /**
   * The jump rules kube-proxy puts at the top of the built-in chains outside the payload (with
   * {@code iptables -I} on every full sync), as an iptables-restore text to load with {@code
   * --noflush} after the payload: filter INPUT/FORWARD/OUTPUT to KUBE-EXTERNAL-SERVICES,
   * KUBE-NODEPORTS, KUBE-SERVICES, KUBE-FORWARD, KUBE-PROXY-FIREWALL and KUBE-FIREWALL; nat
   * PREROUTING/OUTPUT to KUBE-SERVICES and POSTROUTING to KUBE-POSTROUTING. kube-proxy 1.22
   * has no KUBE-PROXY-FIREWALL, and KUBE-FIREWALL was kubelet's then, so its profile has neither
   * jump.
   */
  public static String jumpRules(IpFamily family, IptablesOptions options) {
    String newOnly = "-m conntrack --ctstate NEW ";
    StringBuilder out = new StringBuilder("*filter\n");
    out.append("-I INPUT ").append(newOnly).append(
        "-m comment --comment \"kubernetes externally-visible service portals\""
        + " -j KUBE-EXTERNAL-SERVICES\n");
    out.append("-I FORWARD ").append(newOnly).append(
        "-m comment --comment \"kubernetes externally-visible service portals\""
        + " -j KUBE-EXTERNAL-SERVICES\n");
    out.append("-I INPUT -m comment --comment \"kubernetes health check service ports\""
        + " -j KUBE-NODEPORTS\n");
    out.append("-I FORWARD ").append(newOnly)
        .append("-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n");
    out.append("-I OUTPUT ").append(newOnly)
        .append("-m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n");
    out.append("-I FORWARD -m comment --comment \"kubernetes forwarding rules\""
        + " -j KUBE-FORWARD\n");
    boolean current = options.profile() == IptablesProfile.CURRENT;
    if (current) {
      for (String chain : List.of("INPUT", "OUTPUT", "FORWARD")) {
        out.append("-I ").append(chain).append(' ').append(newOnly)
            .append("-m comment --comment \"kubernetes load balancer firewall\""
                + " -j KUBE-PROXY-FIREWALL\n");
      }
    }
    if (current && family == IpFamily.IPV4 && options.localhostNodePorts()) {
      out.append("-I INPUT -j KUBE-FIREWALL\n-I OUTPUT -j KUBE-FIREWALL\n");
    }
    out.append("COMMIT\n*nat\n");
    out.append("-I OUTPUT -m comment --comment \"kubernetes service portals\""
        + " -j KUBE-SERVICES\n");
    out.append("-I PREROUTING -m comment --comment \"kubernetes service portals\""
        + " -j KUBE-SERVICES\n");
    out.append("-I POSTROUTING -m comment --comment \"kubernetes postrouting rules\""
        + " -j KUBE-POSTROUTING\n");
    out.append("COMMIT\n");
    return out.toString();
  }
}
