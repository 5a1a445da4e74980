package dev.svcnet.netfilter;

import dev.svcnet.netfilter.internal.RestoreClient;
import java.io.IOException;

/**
 * Reads and changes the kernel's rules through the real {@code iptables-save} and {@code
 * iptables-restore} programs (argument lists, never a shell, payload on stdin, {@code -w} to wait
 * for the xtables lock), in the network namespace of the calling thread. Each table is committed
 * atomically: when a restore fails, the table that failed keeps its previous rules.
 */
public interface Iptables {

  static Iptables of(Backend backend, IpFamily family) {
    return new RestoreClient(backend, family, RuleSetCodec.standard());
  }

  IpFamily family();

  /** The current rules of every table the kernel has ({@code iptables-save -c}). */
  RuleSet save() throws IOException;

  /** The current rules of one table. */
  TableRules save(Table table) throws IOException;

  /**
   * Replaces the given tables entirely (every chain not in the rule set is deleted from them);
   * tables not in the rule set are untouched. With {@code counters}, rule and chain counters are
   * restored too ({@code --counters}).
   */
  void replace(RuleSet ruleSet, boolean counters) throws RestoreException, IOException;

  /**
   * Rewrites only the chains in the updates and deletes the chains they list ({@code --noflush}):
   * every other chain, and every rule in it, is left as it was.
   */
  void update(java.util.List<TableUpdate> updates) throws RestoreException, IOException;
}
