package dev.svcnet.proxy.sync.internal;

import dev.svcnet.netfilter.Chain;
import dev.svcnet.netfilter.ChainName;
import dev.svcnet.netfilter.Rule;
import dev.svcnet.netfilter.Table;
import dev.svcnet.netfilter.TableUpdate;
import dev.svcnet.proxy.ClusterService;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesProfile;
import dev.svcnet.proxy.NodeSettings;
import dev.svcnet.proxy.internal.CurrentLayoutWriter;
import dev.svcnet.proxy.internal.EndpointsIndex;
import dev.svcnet.proxy.internal.RulesByChain;
import dev.svcnet.proxy.internal.ServicePortInfo;
import dev.svcnet.proxy.internal.ServicePortKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The iptables payload of the desired state kept per service port, so that a change re-renders
 * only the Services it touches: the fixed head and tail of the payload, and every service port's
 * rules chain by chain ({@link RulesByChain}), in render order. A service port's own chains
 * (KUBE-SVC/SVL/EXT/FW/SEP) come from it alone; a top-level chain (KUBE-SERVICES, KUBE-NODEPORTS,
 * ...) is the head's rules, every service port's part of it in order, then the tail's, exactly
 * as {@link dev.svcnet.proxy.IptablesRenderer} writes it. Rules are parsed into the typed model
 * only to be written, and a service port's part of a top-level chain is parsed once.
 */
public final class RenderedServices {

  private static final List<Table> TABLES = List.of(Table.FILTER, Table.NAT);

  /** Chains to write and to delete, per table, after a re-render. */
  public record Changes(Map<Table, Set<String>> written, Map<Table, Set<String>> deleted,
      int servicePortsRendered) {

    public boolean isEmpty() {
      return written.values().stream().allMatch(Set::isEmpty)
          && deleted.values().stream().allMatch(Set::isEmpty);
    }
  }

  private final NodeSettings node;
  private final IpFamily family;
  private final IptablesOptions options;
  private final Function<String, Rule> parser;
  private final Part head;
  private final Part tail;
  /** Service ports in render order (a key twice only if a Service repeats a port). */
  private final TreeMap<ServicePortKey, List<Part>> ports = new TreeMap<>();
  /** namespace/name of a Service to its rendered ports. */
  private final Map<String, List<ServicePortKey>> portsOfService = new HashMap<>();
  /** Per table, a service port's own chain to its part. */
  private final Map<Table, Map<String, Part>> owners = new HashMap<>();

  public RenderedServices(NodeSettings node, IpFamily family, IptablesOptions options,
      Function<String, Rule> parser) {
    this.node = Objects.requireNonNull(node, "node");
    this.family = Objects.requireNonNull(family, "family");
    this.options = Objects.requireNonNull(options, "options");
    this.parser = Objects.requireNonNull(parser, "parser");
    RulesByChain headRules = new RulesByChain();
    writer(headRules).writeHead();
    this.head = new Part(headRules);
    RulesByChain tailRules = new RulesByChain();
    writer(tailRules).writeTail();
    this.tail = new Part(tailRules);
    TABLES.forEach(t -> owners.put(t, new HashMap<>()));
  }

  private CurrentLayoutWriter writer(RulesByChain out) {
    return new CurrentLayoutWriter(options, family, node.clusterCidr(family), node.nodeIP(family),
        out);
  }

  /** Forgets every service port and renders every Service of {@code desired}. */
  public Changes renderAll(DesiredState desired) {
    ports.clear();
    portsOfService.clear();
    owners.values().forEach(Map::clear);
    return render(desired, new ArrayList<>(desired.serviceKeys()));
  }

  /**
   * Renders the Services {@code serviceKeys} ({@code namespace/name}, present in {@code desired}
   * or not) again, and says which chains changed: a service port's own chains whose rules differ
   * or that are new, those no longer rendered, and the top-level chains a Service's part of
   * changed in.
   */
  public Changes render(DesiredState desired, Collection<String> serviceKeys) {
    Map<Table, Set<String>> written = new HashMap<>();
    Map<Table, Set<String>> deleted = new HashMap<>();
    TABLES.forEach(t -> {
      written.put(t, new LinkedHashSet<>());
      deleted.put(t, new LinkedHashSet<>());
    });
    int rendered = 0;
    for (String serviceKey : new LinkedHashSet<>(serviceKeys)) {
      List<Part> before = remove(serviceKey);
      List<Part> after = renderService(desired, serviceKey);
      rendered += after.size();
      for (Table table : TABLES) {
        Map<String, List<String>> ownBefore = own(before, table);
        Map<String, List<String>> ownAfter = own(after, table);
        ownAfter.forEach((chain, rules) -> {
          if (!rules.equals(ownBefore.get(chain))) {
            written.get(table).add(chain);
          }
        });
        for (String chain : ownBefore.keySet()) {
          if (!ownAfter.containsKey(chain)) {
            deleted.get(table).add(chain);
          }
        }
        Map<String, List<String>> topBefore = topLevel(before, table);
        Map<String, List<String>> topAfter = topLevel(after, table);
        Set<String> chains = new LinkedHashSet<>(topBefore.keySet());
        chains.addAll(topAfter.keySet());
        for (String chain : chains) {
          if (!Objects.equals(topBefore.get(chain), topAfter.get(chain))) {
            written.get(table).add(chain);
          }
        }
      }
    }
    // A chain deleted by one Service and written by another is written (never the case with
    // kube-proxy's hashed names, but the update must not do both).
    TABLES.forEach(t -> deleted.get(t).removeAll(written.get(t)));
    return new Changes(written, deleted, rendered);
  }

  private List<Part> remove(String serviceKey) {
    List<ServicePortKey> keys = portsOfService.remove(serviceKey);
    if (keys == null) {
      return List.of();
    }
    List<Part> removed = new ArrayList<>();
    for (ServicePortKey key : new LinkedHashSet<>(keys)) {
      List<Part> parts = ports.remove(key);
      if (parts != null) {
        removed.addAll(parts);
      }
    }
    for (Part part : removed) {
      for (Table table : TABLES) {
        declared(part.rules, table).forEach(chain -> owners.get(table).remove(chain));
      }
    }
    return removed;
  }

  private List<Part> renderService(DesiredState desired, String serviceKey) {
    ClusterService service = desired.service(serviceKey);
    if (service == null) {
      return List.of();
    }
    List<ServicePortInfo> infos = ServicePortInfo.of(service, family,
        options.profile() == IptablesProfile.CURRENT);
    if (infos.isEmpty()) {
      return List.of();
    }
    EndpointsIndex endpoints = EndpointsIndex.of(desired.slicesOf(serviceKey), family,
        node.nodeName());
    List<Part> parts = new ArrayList<>();
    List<ServicePortKey> keys = new ArrayList<>();
    for (ServicePortInfo info : infos) {
      RulesByChain rules = new RulesByChain();
      writer(rules).writeServicePort(info, endpoints);
      Part part = new Part(rules);
      ServicePortKey key = ServicePortKey.of(info);
      ports.computeIfAbsent(key, k -> new ArrayList<>()).add(part);
      keys.add(key);
      parts.add(part);
      for (Table table : TABLES) {
        declared(rules, table).forEach(chain -> owners.get(table).put(chain, part));
      }
    }
    portsOfService.put(serviceKey, keys);
    return parts;
  }

  /** The own chains of {@code parts} and their rules. */
  private static Map<String, List<String>> own(List<Part> parts, Table table) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Part part : parts) {
      for (String chain : declared(part.rules, table)) {
        out.put(chain, rules(part.rules, table).getOrDefault(chain, List.of()));
      }
    }
    return out;
  }

  /** The rules {@code parts} add to chains they do not declare, per chain, in order. */
  private static Map<String, List<String>> topLevel(List<Part> parts, Table table) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Part part : parts) {
      Set<String> declared = declared(part.rules, table);
      rules(part.rules, table).forEach((chain, rules) -> {
        if (!declared.contains(chain)) {
          out.computeIfAbsent(chain, c -> new ArrayList<>()).addAll(rules);
        }
      });
    }
    return out;
  }

  private static Set<String> declared(RulesByChain rules, Table table) {
    return table == Table.FILTER ? rules.filterChains() : rules.natChains();
  }

  private static Map<String, List<String>> rules(RulesByChain rules, Table table) {
    return table == Table.FILTER ? rules.filterRules() : rules.natRules();
  }

  /** The Services ({@code namespace/name}) that have rendered service ports. */
  public Set<String> serviceKeys() {
    return new LinkedHashSet<>(portsOfService.keySet());
  }

  /** Every chain of {@code table}: the top-level ones, then every service port's own ones. */
  public Set<String> chains(Table table) {
    Set<String> out = new LinkedHashSet<>(declared(head.rules, table));
    for (List<Part> parts : ports.values()) {
      for (Part part : parts) {
        out.addAll(declared(part.rules, table));
      }
    }
    return out;
  }

  /** The chain {@code name} of {@code table} as rendered now, its rules parsed. */
  public Chain chain(Table table, String name) {
    Part owner = owners.get(table).get(name);
    if (owner != null) {
      return Chain.user(name, parse(rules(owner.rules, table).getOrDefault(name, List.of())));
    }
    if (!declared(head.rules, table).contains(name)) {
      throw new IllegalArgumentException("no chain " + name + " is rendered in " + table);
    }
    List<Rule> rules = new ArrayList<>(head.parsed(table, name));
    for (List<Part> parts : ports.values()) {
      for (Part part : parts) {
        rules.addAll(part.parsed(table, name));
      }
    }
    rules.addAll(tail.parsed(table, name));
    return Chain.user(name, rules);
  }

  /**
   * What a partial sync writes to {@code table} after {@code changes}: the changed chains as
   * rendered now, and the deleted ones.
   */
  public TableUpdate update(Table table, Changes changes) {
    List<Chain> written = new ArrayList<>();
    for (String chain : changes.written().get(table)) {
      written.add(chain(table, chain));
    }
    Set<ChainName> deleted = new HashSet<>();
    for (String chain : changes.deleted().get(table)) {
      deleted.add(ChainName.of(chain));
    }
    return new TableUpdate(table, written, deleted);
  }

  private List<Rule> parse(List<String> lines) {
    List<Rule> out = new ArrayList<>(lines.size());
    for (String line : lines) {
      out.add(parser.apply(line));
    }
    return out;
  }

  /** One rendered service port (or the head or tail), with its top-level rules parsed once. */
  private final class Part {
    final RulesByChain rules;
    private final Map<Table, Map<String, List<Rule>>> parsed = new HashMap<>();

    Part(RulesByChain rules) {
      this.rules = rules;
    }

    /** The parsed rules of the top-level chain {@code chain} that this part adds. */
    List<Rule> parsed(Table table, String chain) {
      List<String> lines = rules(rules, table).get(chain);
      if (lines == null) {
        return List.of();
      }
      return parsed.computeIfAbsent(table, t -> new HashMap<>())
          .computeIfAbsent(chain, c -> parse(lines));
    }
  }
}
