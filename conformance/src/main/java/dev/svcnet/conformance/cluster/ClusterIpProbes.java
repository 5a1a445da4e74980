package dev.svcnet.conformance.cluster;

import dev.svcnet.netfilter.Chain;
import dev.svcnet.netfilter.ChainName;
import dev.svcnet.netfilter.CommentMatch;
import dev.svcnet.netfilter.Jump;
import dev.svcnet.netfilter.Match;
import dev.svcnet.netfilter.PortMatch;
import dev.svcnet.netfilter.Protocol;
import dev.svcnet.netfilter.Reject;
import dev.svcnet.netfilter.Rule;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.Table;
import dev.svcnet.ipvs.Addresses;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.proxy.IpSetEntries;
import dev.svcnet.proxy.IpvsPlan;
import dev.svcnet.proxy.IpvsVirtualServer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Live traffic from the node to a sample of ClusterIPs, chosen from svcnet's prediction: TCP
 * service ports with endpoints must accept a connection, and TCP service ports without endpoints
 * must refuse it. In iptables mode these are a KUBE-SERVICES jump to the port's KUBE-SVC/KUBE-SVL
 * chain, and kube-proxy's REJECT in filter KUBE-SERVICES. In IPVS mode they are the virtual
 * servers of the ClusterIPs (the KUBE-CLUSTER-IP set's TCP members) with real servers, and those
 * without: kube-proxy keeps a virtual server without real servers, and IPVS answers a connection
 * to it with ICMP port unreachable (ip_vs_leave in net/netfilter/ipvs/ip_vs_core.c), which the
 * client sees as refused.
 */
final class ClusterIpProbes {
  static final int SAMPLE = 5;

  private ClusterIpProbes() {}

  /** One probe: where to connect, what it is, and the outcome the prediction implies. */
  record Probe(InetSocketAddress address, String servicePort, NodeAccess.Connection expected) {}

  static List<Probe> sample(RuleSet predicted, long seed) {
    List<Probe> reachable = new ArrayList<>();
    List<Probe> rejected = new ArrayList<>();
    for (Rule rule : rules(predicted, Table.NAT)) {
      String comment = comment(rule);
      if (rule.target() instanceof Jump jump && comment != null && comment.endsWith(" cluster IP")
          && (jump.chain().value().startsWith("KUBE-SVC-") || jump.chain().value().startsWith("KUBE-SVL-"))) {
        probe(rule, comment.substring(0, comment.length() - " cluster IP".length()),
            NodeAccess.Connection.ESTABLISHED, reachable);
      }
    }
    for (Rule rule : rules(predicted, Table.FILTER)) {
      String comment = comment(rule);
      if (rule.target() instanceof Reject && comment != null && comment.endsWith(" has no endpoints")) {
        probe(rule, comment.substring(0, comment.length() - " has no endpoints".length()),
            NodeAccess.Connection.REFUSED, rejected);
      }
    }
    return pick(reachable, rejected, seed);
  }

  /** The IPVS-mode sample of {@code plans} (one per IP family kube-proxy serves). */
  static List<Probe> sample(List<IpvsPlan> plans, long seed) {
    List<Probe> reachable = new ArrayList<>();
    List<Probe> refused = new ArrayList<>();
    for (IpvsPlan plan : plans) {
      IpSetEntries clusterIps = plan.ipSet("KUBE-CLUSTER-IP");
      for (IpvsVirtualServer server : plan.virtualServers()) {
        if (!(server.service().id() instanceof ServiceId.ByAddress id)
            || id.protocol() != dev.svcnet.ipvs.Protocol.TCP) {
          continue;
        }
        String member = Addresses.text(id.address()) + ",tcp:" + id.port();
        if (clusterIps == null || !clusterIps.entries().contains(member)) {
          continue;
        }
        int servers = server.realServers().size();
        Probe probe = new Probe(new InetSocketAddress(id.address(), id.port()), "virtual server "
            + id + ", " + servers + (servers == 1 ? " real server" : " real servers"),
            servers > 0 ? NodeAccess.Connection.ESTABLISHED : NodeAccess.Connection.REFUSED);
        (servers > 0 ? reachable : refused).add(probe);
      }
    }
    return pick(reachable, refused, seed);
  }

  private static List<Probe> pick(List<Probe> reachable, List<Probe> rejected, long seed) {
    Random random = new Random(seed);
    Collections.shuffle(reachable, random);
    Collections.shuffle(rejected, random);
    List<Probe> sample = new ArrayList<>(reachable.subList(0, Math.min(SAMPLE, reachable.size())));
    sample.addAll(rejected.subList(0, Math.min(SAMPLE, rejected.size())));
    return sample;
  }

  private static List<Rule> rules(RuleSet ruleSet, Table table) {
    return ruleSet.table(table).flatMap(t -> t.chain(ChainName.of("KUBE-SERVICES")))
        .map(Chain::rules).orElse(List.of());
  }

  private static void probe(Rule rule, String servicePort, NodeAccess.Connection expected, List<Probe> into) {
    if (rule.destination() == null || rule.destination().negated() || rule.protocol() == null
        || !rule.protocol().value().equals(Protocol.TCP)) {
      return;
    }
    for (Match match : rule.matches()) {
      if (match instanceof PortMatch ports && ports.destinationPorts() != null
          && !ports.destinationPorts().negated()
          && ports.destinationPorts().value().first() == ports.destinationPorts().value().last()) {
        into.add(new Probe(new InetSocketAddress(rule.destination().value().network(),
            ports.destinationPorts().value().first()), servicePort, expected));
      }
    }
  }

  private static String comment(Rule rule) {
    for (Match match : rule.matches()) {
      if (match instanceof CommentMatch comment) {
        return comment.text();
      }
    }
    return null;
  }
}
