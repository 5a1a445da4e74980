package dev.svcnet.proxy.internal;

import static dev.svcnet.proxy.internal.RestorePayload.quoted;

import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.IptablesOptions;
import java.util.List;
import java.util.Set;

/**
 * The iptables-restore payload kube-proxy in IPVS mode writes on every sync ({@code
 * createAndLinkKubeChain} and {@code writeIptablesRules} in pkg/proxy/ipvs/proxier.go, 1.33): the
 * nat table first (chain lines, then rules), then the filter table, loaded with {@code --noflush}
 * so that only kube-proxy's chains are replaced. Rules that match an ipset are written only when
 * the set has entries, except the fixed KUBE-IPVS-FILTER and health-check rules.
 */
public final class IpvsRulesWriter {

  private static final String COMMENT = "-m comment --comment";

  /** nat chains, in kube-proxy's {@code iptablesChains} order. */
  public static final List<String> NAT_CHAINS = List.of("KUBE-SERVICES", "KUBE-POSTROUTING",
      "KUBE-NODE-PORT", "KUBE-LOAD-BALANCER", "KUBE-MARK-MASQ");

  /** filter chains, in kube-proxy's {@code iptablesChains} order. */
  public static final List<String> FILTER_CHAINS = List.of("KUBE-FORWARD", "KUBE-NODE-PORT",
      "KUBE-PROXY-FIREWALL", "KUBE-SOURCE-RANGES-FIREWALL", "KUBE-IPVS-FILTER",
      "KUBE-IPVS-OUT-FILTER");

  /**
   * One row of kube-proxy's {@code ipsetWithIptablesChain}: {@code -A from [-p protocol] -m
   * comment --comment C -m set --match-set NAME matchType -j to}.
   */
  private record SetRule(KubeIpSet set, boolean nat, String from, String to, String matchType,
      String protocol) {}

  private static final List<SetRule> SET_RULES = List.of(
      new SetRule(KubeIpSet.LOOP_BACK, true, "KUBE-POSTROUTING", "MASQUERADE", "dst,dst,src", ""),
      new SetRule(KubeIpSet.LOAD_BALANCER, true, "KUBE-SERVICES", "KUBE-LOAD-BALANCER",
          "dst,dst", ""),
      new SetRule(KubeIpSet.LOAD_BALANCER_LOCAL, true, "KUBE-LOAD-BALANCER", "RETURN", "dst,dst",
          ""),
      new SetRule(KubeIpSet.NODE_PORT_LOCAL_TCP, true, "KUBE-NODE-PORT", "RETURN", "dst", "tcp"),
      new SetRule(KubeIpSet.NODE_PORT_TCP, true, "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst", "tcp"),
      new SetRule(KubeIpSet.NODE_PORT_LOCAL_UDP, true, "KUBE-NODE-PORT", "RETURN", "dst", "udp"),
      new SetRule(KubeIpSet.NODE_PORT_UDP, true, "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst", "udp"),
      new SetRule(KubeIpSet.NODE_PORT_LOCAL_SCTP, true, "KUBE-NODE-PORT", "RETURN", "dst,dst",
          "sctp"),
      new SetRule(KubeIpSet.NODE_PORT_SCTP, true, "KUBE-NODE-PORT", "KUBE-MARK-MASQ", "dst,dst",
          "sctp"),
      new SetRule(KubeIpSet.LOAD_BALANCER_FW, false, "KUBE-PROXY-FIREWALL",
          "KUBE-SOURCE-RANGES-FIREWALL", "dst,dst", ""),
      new SetRule(KubeIpSet.LOAD_BALANCER_SOURCE_CIDR, false, "KUBE-SOURCE-RANGES-FIREWALL",
          "RETURN", "dst,dst,src", ""),
      new SetRule(KubeIpSet.LOAD_BALANCER_SOURCE_IP, false, "KUBE-SOURCE-RANGES-FIREWALL",
          "RETURN", "dst,dst,src", ""));

  /**
   * A load-balancer address the node itself must not reach (its source ranges do not hold the
   * node IP): {@code -A KUBE-IPVS-OUT-FILTER -s IP -m ipvs --vaddr IP --vproto P --vport N -j
   * DROP}.
   */
  public record NoNodeAccess(String ip, String protocol, int port) {}

  private final IptablesOptions options;
  private final IpFamily family;
  private final Cidr clusterCidr;
  private final StringBuilder nat = new StringBuilder();
  private final StringBuilder filter = new StringBuilder();

  /** {@code clusterCidr} may be null (then kube-proxy has no local-traffic detector). */
  public IpvsRulesWriter(IptablesOptions options, IpFamily family, Cidr clusterCidr) {
    this.options = options;
    this.family = family;
    this.clusterCidr = clusterCidr;
  }

  /**
   * The payload, given which sets have entries ({@code nonEmpty}) and the load-balancer
   * addresses closed to the node, in kube-proxy's order.
   */
  public String write(Set<KubeIpSet> nonEmpty, List<NoNodeAccess> noNodeAccess) {
    String mark = options.masqueradeMark();
    line(nat, "-A KUBE-SERVICES -s", family == IpFamily.IPV6 ? "::1/128" : "127.0.0.0/8",
        "-j RETURN");
    for (SetRule rule : SET_RULES) {
      if (nonEmpty.contains(rule.set())) {
        line(rule.nat() ? nat : filter, "-A", rule.from(),
            rule.protocol().isEmpty() ? "" : "-p " + rule.protocol(), COMMENT,
            quoted(rule.set().comment()), "-m set --match-set", name(rule.set()),
            rule.matchType(), "-j", rule.to());
      }
    }
    if (nonEmpty.contains(KubeIpSet.CLUSTER_IP)) {
      String match = "-A KUBE-SERVICES " + COMMENT + " " + quoted(KubeIpSet.CLUSTER_IP.comment())
          + " -m set --match-set " + name(KubeIpSet.CLUSTER_IP);
      if (options.masqueradeAll()) {
        line(nat, match, "dst,dst -j KUBE-MARK-MASQ");
      } else if (clusterCidr != null) {
        line(nat, match, "dst,dst ! -s", clusterCidr.toString(), "-j KUBE-MARK-MASQ");
      } else {
        line(nat, match, "src,dst -j KUBE-MARK-MASQ");
      }
    }
    if (nonEmpty.contains(KubeIpSet.EXTERNAL_IP)) {
      String match = externalMatch(KubeIpSet.EXTERNAL_IP);
      line(nat, match, "-j KUBE-MARK-MASQ");
      externalIpRules(match);
    }
    if (nonEmpty.contains(KubeIpSet.EXTERNAL_IP_LOCAL)) {
      externalIpRules(externalMatch(KubeIpSet.EXTERNAL_IP_LOCAL));
    }
    line(nat, "-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT");
    line(nat, "-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ");
    line(filter, "-A KUBE-SOURCE-RANGES-FIREWALL -j DROP");
    for (NoNodeAccess entry : noNodeAccess) {
      line(filter, "-A KUBE-IPVS-OUT-FILTER -s", entry.ip(), "-m ipvs --vaddr", entry.ip(),
          "--vproto", entry.protocol(), "--vport", String.valueOf(entry.port()), "-j DROP");
    }
    for (KubeIpSet set : List.of(KubeIpSet.CLUSTER_IP, KubeIpSet.LOAD_BALANCER)) {
      if (nonEmpty.contains(set)) {
        line(nat, "-A KUBE-SERVICES -m set --match-set", name(set), "dst,dst -j ACCEPT");
      }
    }
    line(filter, "-A KUBE-FORWARD", COMMENT, quoted("kubernetes forwarding rules"),
        "-m mark --mark", mark + "/" + mark, "-j ACCEPT");
    line(filter, "-A KUBE-FORWARD", COMMENT, quoted("kubernetes forwarding conntrack rule"),
        "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
    line(filter, "-A KUBE-NODE-PORT", COMMENT, quoted(KubeIpSet.HEALTH_CHECK_NODE_PORT.comment()),
        "-m set --match-set", name(KubeIpSet.HEALTH_CHECK_NODE_PORT), "dst -j ACCEPT");
    for (KubeIpSet set : List.of(KubeIpSet.LOAD_BALANCER, KubeIpSet.CLUSTER_IP,
        KubeIpSet.EXTERNAL_IP, KubeIpSet.EXTERNAL_IP_LOCAL)) {
      line(filter, "-A KUBE-IPVS-FILTER -m set --match-set", name(set), "dst,dst -j RETURN");
    }
    line(filter, "-A KUBE-IPVS-FILTER -m set --match-set",
        name(KubeIpSet.HEALTH_CHECK_NODE_PORT), "dst -j RETURN");
    line(filter, "-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set",
        name(KubeIpSet.IPVS_IPS), "dst -j REJECT");
    line(nat, "-A KUBE-POSTROUTING -m mark ! --mark", mark + "/" + mark, "-j RETURN");
    line(nat, "-A KUBE-POSTROUTING -j MARK --xor-mark", mark);
    line(nat, "-A KUBE-POSTROUTING", COMMENT, quoted("kubernetes service traffic requiring SNAT"),
        "-j MASQUERADE", options.randomFully() ? "--random-fully" : "");
    line(nat, "-A KUBE-MARK-MASQ -j MARK --or-mark", mark);

    StringBuilder out = new StringBuilder("*nat\n");
    NAT_CHAINS.forEach(chain -> out.append(':').append(chain).append(" - [0:0]\n"));
    out.append(nat).append("COMMIT\n*filter\n");
    FILTER_CHAINS.forEach(chain -> out.append(':').append(chain).append(" - [0:0]\n"));
    out.append(filter).append("COMMIT\n");
    return out.toString();
  }

  /**
   * The jump rules kube-proxy keeps at the top of the built-in chains ({@code iptablesJumpChain},
   * each ensured with {@code iptables -I}), as restore text to load with {@code --noflush}.
   */
  public static String jumpRules() {
    StringBuilder out = new StringBuilder("*nat\n");
    jump(out, "OUTPUT", "KUBE-SERVICES", "kubernetes service portals");
    jump(out, "PREROUTING", "KUBE-SERVICES", "kubernetes service portals");
    jump(out, "POSTROUTING", "KUBE-POSTROUTING", "kubernetes postrouting rules");
    out.append("COMMIT\n*filter\n");
    jump(out, "FORWARD", "KUBE-FORWARD", "kubernetes forwarding rules");
    jump(out, "INPUT", "KUBE-NODE-PORT", "kubernetes health check rules");
    jump(out, "INPUT", "KUBE-PROXY-FIREWALL", "kube-proxy firewall rules");
    jump(out, "FORWARD", "KUBE-PROXY-FIREWALL", "kube-proxy firewall rules");
    jump(out, "INPUT", "KUBE-IPVS-FILTER", "kubernetes ipvs access filter");
    jump(out, "OUTPUT", "KUBE-IPVS-OUT-FILTER", "kubernetes ipvs access filter");
    return out.append("COMMIT\n").toString();
  }

  private static void jump(StringBuilder out, String from, String to, String comment) {
    out.append("-I ").append(from).append(' ').append(COMMENT).append(' ')
        .append(quoted(comment)).append(" -j ").append(to).append('\n');
  }

  private String externalMatch(KubeIpSet set) {
    return "-A KUBE-SERVICES " + COMMENT + " " + quoted(set.comment()) + " -m set --match-set "
        + name(set) + " dst,dst";
  }

  /**
   * Traffic to external IPs from off the machine (not from a bridge, not from a local address),
   * and traffic to external IPs that are local, is accepted before the IPVS rules.
   */
  private void externalIpRules(String match) {
    line(nat, match, "-m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT");
    line(nat, match, "-m addrtype --dst-type LOCAL -j ACCEPT");
  }

  private String name(KubeIpSet set) {
    return set.name(family);
  }

  private static void line(StringBuilder out, String... words) {
    RuleSink.join(out, words);
    out.append('\n');
  }
}
