package dev.svcnet.conformance.cluster;

import dev.svcnet.netfilter.Chain;
import dev.svcnet.netfilter.ChainName;
import dev.svcnet.netfilter.ConntrackMatch;
import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.Jump;
import dev.svcnet.netfilter.MarkTarget;
import dev.svcnet.netfilter.Masquerade;
import dev.svcnet.netfilter.Match;
import dev.svcnet.netfilter.Rule;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.Table;
import dev.svcnet.netfilter.TableRules;
import dev.svcnet.netfilter.UnknownMatch;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesProfile;
import java.util.Optional;

/**
 * kube-proxy's command-line options that change its rules but are not in the API server, read
 * back from the rules it wrote: the masquerade mark bit (KUBE-MARK-MASQ), {@code --random-fully}
 * (KUBE-POSTROUTING), nfacct counters, {@code localhostNodePorts} (whether the KUBE-NODEPORTS jump
 * excludes 127.0.0.0/8) and {@code conntrack tcpBeLiberal} (no INVALID drop in KUBE-FORWARD). What the rules
 * do not show keeps kube-proxy's default.
 */
final class ObservedKubeProxyOptions {
  private ObservedKubeProxyOptions() {}

  static IptablesOptions of(RuleSet node) {
    IptablesOptions options = IptablesOptions.defaults(IptablesProfile.CURRENT);
    Optional<TableRules> nat = node.table(Table.NAT);
    Optional<TableRules> filter = node.table(Table.FILTER);
    int bit = options.masqueradeBit();
    boolean randomFully = options.randomFully();
    boolean localhostNodePorts = options.localhostNodePorts();
    boolean liberal = options.conntrackTcpBeLiberal();
    boolean nfacct = false;
    for (Chain chain : chains(nat, "KUBE-MARK-MASQ")) {
      for (Rule rule : chain.rules()) {
        if (rule.target() instanceof MarkTarget mark && mark.value() != 0) {
          bit = Long.numberOfTrailingZeros(mark.value());
        }
      }
    }
    for (Chain chain : chains(nat, "KUBE-POSTROUTING")) {
      for (Rule rule : chain.rules()) {
        if (rule.target() instanceof Masquerade masquerade) {
          randomFully = masquerade.randomFully();
        }
      }
    }
    for (Chain chain : chains(nat, "KUBE-SERVICES")) {
      for (Rule rule : chain.rules()) {
        if (rule.target() instanceof Jump jump && jump.chain().value().equals("KUBE-NODEPORTS")
            && node.family() == IpFamily.IPV4) {
          // Without localhostNodePorts the jump excludes 127.0.0.0/8 ("! -d 127.0.0.0/8").
          localhostNodePorts = rule.destination() == null;
        }
      }
    }
    for (Chain chain : chains(filter, "KUBE-FORWARD")) {
      liberal = chain.rules().stream().noneMatch(r -> r.matches().stream()
          .anyMatch(m -> m instanceof ConntrackMatch ct && ct.states().contains(ConntrackMatch.State.INVALID)));
    }
    for (TableRules table : node.tables()) {
      for (Chain chain : table.chains()) {
        for (Rule rule : chain.rules()) {
          for (Match match : rule.matches()) {
            nfacct |= match instanceof UnknownMatch unknown && unknown.module().equals("nfacct");
          }
        }
      }
    }
    return new IptablesOptions(IptablesProfile.CURRENT, bit, localhostNodePorts, nfacct, randomFully,
        liberal, options.masqueradeAll());
  }

  private static java.util.List<Chain> chains(Optional<TableRules> table, String name) {
    return table.flatMap(t -> t.chain(ChainName.of(name))).stream().toList();
  }
}
