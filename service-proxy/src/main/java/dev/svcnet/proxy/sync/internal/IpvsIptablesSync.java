package dev.svcnet.proxy.sync.internal;

import dev.svcnet.netfilter.Backend;
import dev.svcnet.netfilter.Chain;
import dev.svcnet.netfilter.ChainName;
import dev.svcnet.netfilter.Iptables;
import dev.svcnet.netfilter.RestoreException;
import dev.svcnet.netfilter.Rule;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.RuleSetCodec;
import dev.svcnet.netfilter.Table;
import dev.svcnet.netfilter.TableRules;
import dev.svcnet.netfilter.TableUpdate;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.IpvsPlan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The iptables half of IPVS mode: the plan's payload written through netfilter-api's {@code
 * iptables-restore --noflush}, each table committed atomically. A full sync writes every chain
 * of the payload and puts kube-proxy's jump rules at the top of the built-in chains where they
 * are missing (the built-in chains' other rules are kept); a partial sync writes only the chains
 * that differ from the last successful one. Chains of other owners are never touched.
 */
final class IpvsIptablesSync {

  /** nat before filter: the order of kube-proxy's IPVS-mode payload. */
  private static final List<Table> TABLES = List.of(Table.NAT, Table.FILTER);

  private final Iptables iptables;
  private final RuleSetCodec codec = RuleSetCodec.standard();
  private final dev.svcnet.netfilter.IpFamily ruleFamily;
  /** The chains the last successful sync left in the kernel, per table; null: unknown. */
  private Map<Table, Map<ChainName, Chain>> applied;

  IpvsIptablesSync(Backend backend, IpFamily family) {
    this.ruleFamily = dev.svcnet.netfilter.IpFamily.valueOf(family.name());
    this.iptables = Iptables.of(backend, ruleFamily);
  }

  /** Forgets what the kernel holds, so that the next {@link #sync} is full. */
  void forget() {
    applied = null;
  }

  /**
   * Writes the plan's rules; returns {chains written, rules in them}.
   *
   * @throws RestoreException if iptables-restore refused the rules (the table it failed in is
   *     unchanged); the next sync is then full
   */
  int[] sync(IpvsPlan plan, boolean full) throws RestoreException, IOException {
    Map<Table, Map<ChainName, Chain>> rendered = parse(plan.iptablesPayload());
    boolean fullSync = full || applied == null;
    List<TableUpdate> updates = new ArrayList<>();
    try {
      for (Table table : TABLES) {
        Map<ChainName, Chain> wanted = rendered.get(table);
        updates.add(fullSync ? fullUpdate(table, wanted, plan) : partialUpdate(table, wanted));
      }
      updates.removeIf(u -> u.chains().isEmpty() && u.deleted().isEmpty());
      if (!updates.isEmpty()) {
        iptables.update(updates);
      }
    } catch (RestoreException | IOException e) {
      applied = null;
      throw e;
    }
    applied = rendered;
    int chains = 0;
    int rules = 0;
    for (TableUpdate update : updates) {
      chains += update.chains().size();
      for (Chain chain : update.chains()) {
        rules += chain.rules().size();
      }
    }
    return new int[] {chains, rules};
  }

  private Map<Table, Map<ChainName, Chain>> parse(String payload) {
    RuleSet ruleSet = codec.parse(payload, ruleFamily);
    Map<Table, Map<ChainName, Chain>> out = new HashMap<>();
    for (Table table : TABLES) {
      Map<ChainName, Chain> chains = new LinkedHashMap<>();
      ruleSet.table(table).ifPresent(rules -> rules.chains().forEach(
          chain -> chains.put(chain.name(), chain)));
      out.put(table, chains);
    }
    return out;
  }

  private TableUpdate partialUpdate(Table table, Map<ChainName, Chain> wanted) {
    Map<ChainName, Chain> before = applied.get(table);
    List<Chain> changed = new ArrayList<>();
    for (Chain chain : wanted.values()) {
      if (!chain.equals(before.get(chain.name()))) {
        changed.add(chain);
      }
    }
    return TableUpdate.of(table, changed);
  }

  private TableUpdate fullUpdate(Table table, Map<ChainName, Chain> wanted, IpvsPlan plan)
      throws IOException {
    TableRules current = iptables.save(table);
    List<Chain> chains = new ArrayList<>(wanted.values());
    BuiltinJumps.addMissing(current, table, jumpRules(table, plan), chains);
    return new TableUpdate(table, chains, Set.of());
  }

  /**
   * The plan's jump rules per built-in chain, in the order they end up in after being inserted
   * one by one with {@code -I} (the last inserted first).
   */
  private Map<ChainName, List<Rule>> jumpRules(Table table, IpvsPlan plan) {
    return BuiltinJumps.parse(plan.iptablesJumpRules(), table, codec, ruleFamily);
  }
}
