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
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesRenderer;
import dev.svcnet.proxy.NodeSettings;
import dev.svcnet.proxy.sync.SyncException;
import dev.svcnet.proxy.sync.SyncResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@link dev.svcnet.proxy.sync.ServiceProxier} in iptables mode. Every sync renders the full payload with {@link
 * IptablesRenderer} and compares it chain by chain with what the last successful sync wrote; the
 * kernel gets one {@code iptables-restore --noflush} with the changed chains and the deleted ones
 * (netfilter-api's {@link Iptables#update}), each table committed atomically.
 */
public final class IptablesProxier extends DesiredStateProxier {

  /** The per-service chains kube-proxy deletes when it finds them stale on a full sync. */
  private static final List<String> SERVICE_CHAIN_PREFIXES =
      List.of("KUBE-SVC-", "KUBE-SVL-", "KUBE-EXT-", "KUBE-FW-", "KUBE-SEP-");

  private static final List<Table> TABLES = List.of(Table.FILTER, Table.NAT);

  private final Iptables iptables;
  private final RuleSetCodec codec = RuleSetCodec.standard();
  private final NodeSettings node;
  private final IpFamily family;
  private final IptablesOptions options;
  private final dev.svcnet.netfilter.IpFamily ruleFamily;
  /** The chains the last successful sync left in the kernel, per table; null: unknown. */
  private Map<Table, Map<ChainName, Chain>> applied;

  public IptablesProxier(Backend backend, NodeSettings node, IpFamily family,
      IptablesOptions options) {
    this.node = Objects.requireNonNull(node, "node");
    this.family = Objects.requireNonNull(family, "family");
    this.options = Objects.requireNonNull(options, "options");
    this.ruleFamily = dev.svcnet.netfilter.IpFamily.valueOf(family.name());
    this.iptables = Iptables.of(Objects.requireNonNull(backend, "backend"), ruleFamily);
  }

  @Override
  public synchronized SyncResult sync() throws SyncException {
    long start = System.nanoTime();
    boolean full = fullResyncRequested || applied == null;
    Map<Table, Map<ChainName, Chain>> rendered = render();
    List<TableUpdate> updates = new ArrayList<>();
    try {
      for (Table table : TABLES) {
        Map<ChainName, Chain> wanted = rendered.get(table);
        updates.add(full ? fullUpdate(table, wanted) : partialUpdate(table, wanted));
      }
      updates.removeIf(u -> u.chains().isEmpty() && u.deleted().isEmpty());
      if (!updates.isEmpty()) {
        iptables.update(updates);
      }
    } catch (RestoreException | IOException e) {
      applied = null;
      fullResyncRequested = true;
      throw new SyncException((full ? "full" : "partial") + " " + family + " sync failed", e);
    }
    applied = rendered;
    fullResyncRequested = false;
    int chains = 0;
    int deleted = 0;
    int rules = 0;
    for (TableUpdate update : updates) {
      chains += update.chains().size();
      deleted += update.deleted().size();
      for (Chain chain : update.chains()) {
        rules += chain.rules().size();
      }
    }
    lastSync = new SyncResult(full, Duration.ofNanos(System.nanoTime() - start), chains, deleted,
        rules);
    return lastSync;
  }

  /** The rendered payload's user chains, per table, in payload order. */
  private Map<Table, Map<ChainName, Chain>> render() {
    String payload = IptablesRenderer.render(desired.snapshot(), node, family, options);
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

  /** Only what differs from the last successful sync. */
  private TableUpdate partialUpdate(Table table, Map<ChainName, Chain> wanted) {
    Map<ChainName, Chain> before = applied.get(table);
    List<Chain> changed = new ArrayList<>();
    for (Chain chain : wanted.values()) {
      if (!chain.equals(before.get(chain.name()))) {
        changed.add(chain);
      }
    }
    Set<ChainName> stale = new HashSet<>(before.keySet());
    stale.removeAll(wanted.keySet());
    stale.removeIf(table::isBuiltin);
    return new TableUpdate(table, changed, stale);
  }

  /**
   * Every rendered chain, every stale service chain found in the kernel deleted, and kube-proxy's
   * jump rules put at the top of the built-in chains where they are missing (other rules of the
   * built-in chains are kept).
   */
  private TableUpdate fullUpdate(Table table, Map<ChainName, Chain> wanted) throws IOException {
    TableRules current = iptables.save(table);
    List<Chain> chains = new ArrayList<>(wanted.values());
    chains.removeIf(Chain::isBuiltin);
    for (Map.Entry<ChainName, List<Rule>> jumps : jumpRules(table).entrySet()) {
      Chain builtin = current.chain(jumps.getKey()).orElseThrow(() -> new IOException(
          "iptables-save printed no chain " + jumps.getKey() + " in " + table.tableName()));
      List<Rule> existing = builtin.rules().stream().map(Rule::withoutCounters).toList();
      List<Rule> missing = new ArrayList<>();
      for (Rule rule : jumps.getValue()) {
        if (!existing.contains(rule)) {
          missing.add(rule);
        }
      }
      if (!missing.isEmpty()) {
        missing.addAll(existing);
        chains.add(new Chain(builtin.name(), builtin.policy(), null, missing));
      }
    }
    return TableUpdate.reconcile(current, chains, IptablesProxier::isServiceChain);
  }

  /**
   * {@link IptablesRenderer#jumpRules} per built-in chain, in the order they end up in after
   * being inserted one by one with {@code -I} (the last inserted first).
   */
  private Map<ChainName, List<Rule>> jumpRules(Table table) {
    Map<ChainName, List<Rule>> out = new LinkedHashMap<>();
    Table section = null;
    for (String line : IptablesRenderer.jumpRules(family, options).split("\n")) {
      if (line.startsWith("*")) {
        section = Table.named(line.substring(1));
      } else if (line.startsWith("-I ") && section == table) {
        int space = line.indexOf(' ', 3);
        ChainName chain = ChainName.of(line.substring(3, space));
        Rule rule = codec.parseRule(line.substring(space + 1), ruleFamily);
        out.computeIfAbsent(chain, c -> new ArrayList<>()).add(0, rule);
      }
    }
    return out;
  }

  private static boolean isServiceChain(ChainName name) {
    String text = name.value();
    return SERVICE_CHAIN_PREFIXES.stream().anyMatch(text::startsWith);
  }
}
