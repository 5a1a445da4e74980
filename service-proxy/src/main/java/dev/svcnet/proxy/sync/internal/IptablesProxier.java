package dev.svcnet.proxy.sync.internal;

import dev.svcnet.netfilter.Backend;
import dev.svcnet.netfilter.Chain;
import dev.svcnet.netfilter.ChainName;
import dev.svcnet.netfilter.Iptables;
import dev.svcnet.netfilter.RestoreException;
import dev.svcnet.netfilter.Rule;
import dev.svcnet.netfilter.RuleSetCodec;
import dev.svcnet.netfilter.Table;
import dev.svcnet.netfilter.TableRules;
import dev.svcnet.netfilter.TableUpdate;
import dev.svcnet.proxy.ClusterService;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesRenderer;
import dev.svcnet.proxy.NodeSettings;
import dev.svcnet.proxy.ServiceEndpointSlice;
import dev.svcnet.proxy.sync.SyncException;
import dev.svcnet.proxy.sync.SyncResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@link dev.svcnet.proxy.sync.ServiceProxier} in iptables mode. The payload is kept rendered per
 * service port ({@link RenderedServices}); a change to a Service or an EndpointSlice marks that
 * Service, and a partial sync renders only the marked Services again, writes the chains whose
 * rules changed (their own chains, and a top-level chain such as KUBE-SERVICES only when their
 * part of it changed) and deletes the chains no longer rendered, in one {@code iptables-restore
 * --noflush} (netfilter-api's {@link Iptables#update}), each table committed atomically. A full
 * sync renders every Service and writes every chain.
 */
public final class IptablesProxier extends DesiredStateProxier {

  /** The per-service chains kube-proxy deletes when it finds them stale on a full sync. */
  private static final List<String> SERVICE_CHAIN_PREFIXES =
      List.of("KUBE-SVC-", "KUBE-SVL-", "KUBE-EXT-", "KUBE-FW-", "KUBE-SEP-");

  private static final List<Table> TABLES = List.of(Table.FILTER, Table.NAT);

  private final Iptables iptables;
  private final RuleSetCodec codec = RuleSetCodec.standard();
  private final IpFamily family;
  private final IptablesOptions options;
  private final dev.svcnet.netfilter.IpFamily ruleFamily;
  private final RenderedServices rendered;
  /** Services ({@code namespace/name}) changed since the last render. */
  private final Set<String> changed = new LinkedHashSet<>();
  /** Every Service must be rendered again ({@link #replaceAll}). */
  private boolean allChanged = true;
  /** Whether the kernel holds what {@link #rendered} holds (false before the first sync and
   * after a failed one). */
  private boolean kernelInSync;

  public IptablesProxier(Backend backend, NodeSettings node, IpFamily family,
      IptablesOptions options) {
    Objects.requireNonNull(node, "node");
    this.family = Objects.requireNonNull(family, "family");
    this.options = Objects.requireNonNull(options, "options");
    this.ruleFamily = dev.svcnet.netfilter.IpFamily.valueOf(family.name());
    this.iptables = Iptables.of(Objects.requireNonNull(backend, "backend"), ruleFamily);
    this.rendered = new RenderedServices(node, family, options,
        line -> codec.parseRule(line, ruleFamily));
  }

  @Override
  public synchronized void replaceAll(ClusterState state) {
    super.replaceAll(state);
    allChanged = true;
  }

  @Override
  public synchronized void updateService(ClusterService service) {
    super.updateService(service);
    changed.add(service.key());
  }

  @Override
  public synchronized void deleteService(String namespace, String name) {
    super.deleteService(namespace, name);
    changed.add(DesiredState.key(namespace, name));
  }

  @Override
  public synchronized void updateEndpointSlice(ServiceEndpointSlice slice) {
    ServiceEndpointSlice old = desired.put(slice);
    if (old != null) {
      changed.add(old.serviceKey());
    }
    changed.add(slice.serviceKey());
  }

  @Override
  public synchronized void deleteEndpointSlice(String namespace, String name) {
    ServiceEndpointSlice old = desired.removeSlice(namespace, name);
    if (old != null) {
      changed.add(old.serviceKey());
    }
  }

  @Override
  public synchronized SyncResult sync() throws SyncException {
    long start = System.nanoTime();
    boolean full = fullResyncRequested || !kernelInSync;
    // Until this sync succeeds, the kernel may differ from what is rendered: the next is full.
    kernelInSync = false;
    fullResyncRequested = true;
    RenderedServices.Changes changes;
    if (full) {
      changes = rendered.renderAll(desired);
    } else {
      Set<String> services = new LinkedHashSet<>(changed);
      if (allChanged) {
        services.addAll(rendered.serviceKeys());
        services.addAll(desired.serviceKeys());
      }
      changes = rendered.render(desired, services);
    }
    changed.clear();
    allChanged = false;
    List<TableUpdate> updates = new ArrayList<>();
    try {
      for (Table table : TABLES) {
        updates.add(full ? fullUpdate(table) : rendered.update(table, changes));
      }
      updates.removeIf(u -> u.chains().isEmpty() && u.deleted().isEmpty());
      if (!updates.isEmpty()) {
        iptables.update(updates);
      }
    } catch (RestoreException | IOException e) {
      throw new SyncException((full ? "full" : "partial") + " " + family + " sync failed", e);
    }
    kernelInSync = true;
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
        rules, changes.servicePortsRendered());
    return lastSync;
  }

  /**
   * Every rendered chain, every stale service chain found in the kernel deleted, and kube-proxy's
   * jump rules put at the top of the built-in chains where they are missing (other rules of the
   * built-in chains are kept).
   */
  private TableUpdate fullUpdate(Table table) throws IOException {
    TableRules current = iptables.save(table);
    List<Chain> chains = new ArrayList<>();
    for (String chain : rendered.chains(table)) {
      chains.add(rendered.chain(table, chain));
    }
    BuiltinJumps.addMissing(current, table, jumpRules(table), chains);
    return TableUpdate.reconcile(current, chains, IptablesProxier::isServiceChain);
  }

  /**
   * {@link IptablesRenderer#jumpRules} per built-in chain, in the order they end up in after
   * being inserted one by one with {@code -I} (the last inserted first).
   */
  private Map<ChainName, List<Rule>> jumpRules(Table table) {
    return BuiltinJumps.parse(IptablesRenderer.jumpRules(family, options), table, codec, ruleFamily);
  }

  private static boolean isServiceChain(ChainName name) {
    String text = name.value();
    return SERVICE_CHAIN_PREFIXES.stream().anyMatch(text::startsWith);
  }
}
