package dev.svcnet.conformance.cluster;

import dev.svcnet.netfilter.Backend;
import dev.svcnet.netfilter.ChainName;
import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.Iptables;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.Table;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads the node's rules of one family, from whichever iptables backend holds kube-proxy's
 * KUBE-SERVICES chain (nft first, then legacy), through the real iptables-save.
 */
public interface NodeRules {

  /** The rules of {@code backend} for {@code family}; IOException when that program is missing. */
  RuleSet save(Backend backend, IpFamily family) throws IOException;

  /** This machine's rules, read in the calling thread's network namespace. */
  static NodeRules local() {
    return (backend, family) -> Iptables.of(backend, family).save();
  }

  /** kube-proxy's rules of {@code family} and the backend they were found in, or empty. */
  default Optional<Found> kubeProxyRules(IpFamily family) {
    for (Backend backend : new Backend[] {Backend.NFT, Backend.LEGACY}) {
      try {
        RuleSet rules = save(backend, family);
        boolean present = rules.table(Table.NAT)
            .flatMap(t -> t.chain(ChainName.of("KUBE-SERVICES"))).isPresent();
        if (present) {
          return Optional.of(new Found(backend, rules));
        }
      } catch (IOException e) {
        // that backend's programs are missing or failed: try the other
      }
    }
    return Optional.empty();
  }

  /** Rules found in one backend. */
  record Found(Backend backend, RuleSet rules) {}
}
