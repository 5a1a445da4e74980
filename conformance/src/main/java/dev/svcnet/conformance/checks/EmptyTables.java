package dev.svcnet.conformance.checks;

import dev.svcnet.netfilter.Backend;
import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.Iptables;
import dev.svcnet.netfilter.RestoreException;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.Table;
import dev.svcnet.netfilter.TableRules;
import java.io.IOException;
import java.util.List;

/**
 * Empties the IPv4 nat and filter tables of one iptables backend in the calling thread's
 * namespace (built-in chains accept, no user chains). A {@link NamespaceCheck} runs both backends
 * in one namespace (on the container target there is only one), and the rules one backend's
 * service-proxy wrote must not catch the other backend's traffic.
 */
final class EmptyTables {

  private EmptyTables() {}

  static void of(Backend backend) throws RestoreException, IOException {
    Iptables.of(backend, IpFamily.IPV4).replace(RuleSet.of(IpFamily.IPV4,
        new TableRules(Table.NAT, List.of()).canonical(),
        new TableRules(Table.FILTER, List.of()).canonical()), false);
  }
}
