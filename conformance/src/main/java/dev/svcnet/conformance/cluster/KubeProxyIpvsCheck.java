package dev.svcnet.conformance.cluster;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.netfilter.Chain;
import dev.svcnet.netfilter.ChainName;
import dev.svcnet.netfilter.Jump;
import dev.svcnet.netfilter.Match;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.RuleSetCodec;
import dev.svcnet.netfilter.SetMatch;
import dev.svcnet.netfilter.Table;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.IpSetEntries;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IpvsPlan;
import dev.svcnet.proxy.IpvsPlanner;
import dev.svcnet.proxy.IpvsVirtualServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * On a live node whose kube-proxy runs in IPVS mode (see {@link KubeProxyMode}): reads the
 * Services and EndpointSlices from the API server, predicts with service-proxy's IPVS plan what
 * kube-proxy must have programmed for them on this node, and compares it with the node:
 *
 * <ul>
 *   <li>the IPVS table, read over netlink, and the addresses on kube-proxy's dummy interface
 *       kube-ipvs0 (see {@link IpvsDifferences});
 *   <li>kube-proxy's 17 ipsets per IP family, read with the real {@code ipset save} (see {@link
 *       IpSetDifferences});
 *   <li>kube-proxy's IPVS-mode iptables rules, read with iptables-save of the backend that holds
 *       KUBE-SERVICES: its 11 chains rule by rule, and its jumps from the built-in chains (see
 *       {@link RuleDifferences});
 *   <li>live traffic from the node to a sample of ClusterIPs (see {@link ClusterIpProbes}).
 * </ul>
 *
 * <p>Every difference is reported; the minimal counterexample is the first one. The IP families
 * compared for sets and rules are those whose iptables hold kube-proxy's KUBE-SERVICES chain
 * (IPv4 when neither does). Options the API server does not hold are read back from the node:
 * the scheduler from the node's virtual servers (the most common one), else the kube-proxy
 * ConfigMap's {@code ipvs.scheduler}, else kube-proxy's default rr; the masquerade mark and
 * {@code --random-fully} from the node's KUBE-MARK-MASQ and KUBE-POSTROUTING, and {@code
 * --masquerade-all} from its KUBE-CLUSTER-IP rule.
 */
public final class KubeProxyIpvsCheck extends KubeProxyCheck {
  public static final String CAPABILITY = "cluster.kube-proxy-ipvs";

  /** The check as the command line runs it: kubeconfig or in-cluster config, this node. */
  public KubeProxyIpvsCheck() {
    this(defaultClients(), KubeProxyCheck::localNodeName, clusterCidrFromEnvironment(),
        NodeAccess.local());
  }

  public KubeProxyIpvsCheck(Supplier<KubernetesClient> clients, Supplier<String> nodeName,
      Optional<String> clusterCidr, NodeAccess node) {
    super(CAPABILITY, clients, nodeName, clusterCidr, node);
  }

  @Override
  public String description() {
    return "kube-proxy's IPVS table, ipsets and iptables rules on this node equal svcnet's IPVS"
        + " plan for the API server's Services and EndpointSlices";
  }

  @Override
  public CheckResult run(Target target, Settings settings) {
    long start = System.nanoTime();
    KubeProxyMode onNode = KubeProxyMode.onNode(node);
    if (onNode.mode() == KubeProxyMode.Mode.IPTABLES) {
      return CheckResult.notRun(CAPABILITY, target, "kube-proxy does not run in IPVS mode on"
          + " this node: " + onNode.evidence());
    }
    return withApiServer(target, (client, apiServer) -> {
      KubeProxyConfig config = KubeProxyConfig.read(client);
      KubeProxyMode mode = onNode.mode() == KubeProxyMode.Mode.IPVS ? onNode
          : KubeProxyMode.configured(config);
      if (mode.mode() != KubeProxyMode.Mode.IPVS) {
        return CheckResult.notRun(CAPABILITY, target, "kube-proxy does not run in IPVS mode on"
            + " this node: " + mode.evidence());
      }
      List<Service> table;
      try {
        table = node.ipvsTable();
      } catch (IOException e) {
        return CheckResult.notRun(CAPABILITY, target, "cannot read the node's IPVS table ("
            + mode.evidence() + "): " + e.getMessage());
      }
      return compare(target, settings, start, mode, config, table, apiServer.snapshot());
    });
  }

  private CheckResult compare(Target target, Settings settings, long start, KubeProxyMode mode,
      KubeProxyConfig config, List<Service> table, ClusterSnapshot snapshot) {
    String scheduler;
    String schedulerSource;
    Optional<String> observed = mostCommonScheduler(table);
    if (observed.isPresent()) {
      scheduler = observed.get();
      schedulerSource = "read back from the node's virtual servers";
    } else if (config.ipvsScheduler().isPresent()) {
      scheduler = config.ipvsScheduler().get();
      schedulerSource = "kube-system/kube-proxy ConfigMap";
    } else {
      scheduler = IpvsPlanner.DEFAULT_SCHEDULER;
      schedulerSource = "kube-proxy's default";
    }
    List<NodeRules> rules = kubeProxyRules();
    Set<IpFamily> served = new HashSet<>();
    rules.forEach(r -> served.add(IpFamily.valueOf(r.family().name())));
    if (served.isEmpty()) {
      served.add(IpFamily.IPV4);
    }
    List<IpvsVirtualServer> predicted = new ArrayList<>();
    List<InetAddress> bound = new ArrayList<>();
    List<IpvsPlan> servedPlans = new ArrayList<>();
    Set<String> kubeProxySetNames = new HashSet<>();
    for (IpFamily family : IpFamily.values()) {
      IptablesOptions options = rules.stream()
          .filter(r -> r.family().name().equals(family.name())).findFirst()
          .map(r -> observedOptions(r.found().rules()))
          .orElse(IptablesOptions.defaults(dev.svcnet.proxy.IptablesProfile.CURRENT));
      IpvsPlan plan = IpvsPlanner.plan(snapshot.state(), snapshot.node(), family, scheduler,
          options);
      predicted.addAll(plan.virtualServers());
      bound.addAll(plan.boundAddresses());
      plan.ipSets().forEach(set -> kubeProxySetNames.add(set.name()));
      if (served.contains(family)) {
        servedPlans.add(plan);
      }
    }
    if (settings.faultyModels()) {
      // Test-only fault switch: a model that forgets ClientIP session affinity.
      predicted = predicted.stream().map(server -> new IpvsVirtualServer(
          VirtualService.of(server.service().id(), server.service().scheduler()),
          server.realServers())).toList();
    }
    List<String> differences = new ArrayList<>(IpvsDifferences.between(predicted, table));
    Optional<List<InetAddress>> onDummy;
    try {
      onDummy = node.interfaceAddresses(IpvsPlan.DUMMY_INTERFACE);
    } catch (IOException e) {
      return new CheckResult(CAPABILITY, target, Verdict.FAILED, "cannot read the addresses of "
          + IpvsPlan.DUMMY_INTERFACE + ": " + e.getMessage(), Duration.ofNanos(System.nanoTime() - start));
    }
    differences.addAll(IpvsDifferences.boundAddresses(IpvsPlan.DUMMY_INTERFACE, bound, onDummy));

    List<IpSetEntries> sets = servedPlans.stream().flatMap(p -> p.ipSets().stream()).toList();
    try {
      differences.addAll(IpSetDifferences.between(sets,
          IpSetDifferences.parseSave(node.ipsetSave()), kubeProxySetNames));
    } catch (IOException e) {
      differences.add("ipsets: svcnet predicts " + sets.size() + " sets, the node's ipset save"
          + " failed: " + e.getMessage());
    }

    int chains = 0;
    RuleSetCodec codec = RuleSetCodec.standard();
    for (IpvsPlan plan : servedPlans) {
      dev.svcnet.netfilter.IpFamily family =
          dev.svcnet.netfilter.IpFamily.valueOf(plan.family().name());
      Optional<NodeRules> onNode = rules.stream().filter(r -> r.family() == family).findFirst();
      if (onNode.isEmpty()) {
        differences.add(family + " iptables: svcnet predicts kube-proxy's IPVS-mode chains, the"
            + " node has no KUBE-SERVICES chain in the nat table of iptables-nft or"
            + " iptables-legacy");
        continue;
      }
      RuleSet payload = codec.parse(plan.iptablesPayload(), family);
      chains += payload.tables().stream().mapToInt(t -> t.chains().size()).sum();
      String prefix = family + " (" + onNode.get().found().backend().name().toLowerCase() + ") ";
      RuleSet nodeRules = onNode.get().found().rules();
      for (String difference : RuleDifferences.between(payload, nodeRules, family)) {
        differences.add(prefix + difference);
      }
      RuleSet jumps = codec.parse(asAppended(plan.iptablesJumpRules()), family);
      for (String difference : RuleDifferences.jumps(jumps, nodeRules, family)) {
        differences.add(prefix + difference);
      }
    }

    int probes = probe(ClusterIpProbes.sample(servedPlans, settings.seed()), differences);

    String where = "node " + snapshot.node().nodeName() + ", " + snapshot.state().services().size()
        + " services, scheduler " + scheduler + " (" + schedulerSource + "); " + mode.evidence();
    int realServers = predicted.stream().mapToInt(s -> s.realServers().size()).sum();
    return verdict(target, settings, start, differences, predicted.size()
        + " virtual servers with " + realServers + " real servers, " + bound.size() + " "
        + IpvsPlan.DUMMY_INTERFACE + " addresses, " + sets.size() + " ipsets and " + chains
        + " iptables chains equal svcnet's IPVS plan and " + probes + " ClusterIP connections"
        + " went as predicted (" + where + ")",
        "the node's IPVS-mode state and svcnet's IPVS plan (" + where + ")");
  }

  /**
   * Jump rules kube-proxy inserts ({@code -I CHAIN ...} lines of restore text) as restore text
   * that declares the built-in chains and appends the rules, which the codec reads as a rule set.
   */
  static String asAppended(String insertedJumps) {
    StringBuilder out = new StringBuilder();
    List<String> rules = new ArrayList<>();
    java.util.Set<String> chains = new java.util.LinkedHashSet<>();
    for (String line : insertedJumps.split("\n")) {
      if (line.startsWith("-I ")) {
        String chain = line.split(" ")[1];
        chains.add(chain);
        rules.add("-A " + line.substring(3));
      } else if (line.equals("COMMIT")) {
        chains.forEach(chain -> out.append(':').append(chain).append(" ACCEPT [0:0]\n"));
        rules.forEach(rule -> out.append(rule).append('\n'));
        out.append("COMMIT\n");
        chains.clear();
        rules.clear();
      } else if (!line.isBlank()) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  /** kube-proxy's rules on the node, per IP family whose iptables hold KUBE-SERVICES. */
  private List<NodeRules> kubeProxyRules() {
    List<NodeRules> found = new ArrayList<>();
    for (dev.svcnet.netfilter.IpFamily family : dev.svcnet.netfilter.IpFamily.values()) {
      node.kubeProxyRules(family).ifPresent(rules -> found.add(new NodeRules(family, rules)));
    }
    return found;
  }

  private record NodeRules(dev.svcnet.netfilter.IpFamily family, NodeAccess.Found found) {}

  /**
   * The options read back from the node's rules, as in iptables mode, plus {@code
   * --masquerade-all}: its KUBE-CLUSTER-IP rule then marks every packet (dst,dst with no source
   * match).
   */
  private static IptablesOptions observedOptions(RuleSet rules) {
    IptablesOptions options = ObservedKubeProxyOptions.of(rules);
    List<dev.svcnet.netfilter.Rule> services = rules.table(Table.NAT)
        .flatMap(t -> t.chain(ChainName.of("KUBE-SERVICES"))).map(Chain::rules).orElse(List.of());
    for (dev.svcnet.netfilter.Rule rule : services) {
      if (rule.target() instanceof Jump jump && jump.chain().value().equals("KUBE-MARK-MASQ")
          && rule.source() == null) {
        for (Match match : rule.matches()) {
          if (match instanceof SetMatch set && set.setName().endsWith("CLUSTER-IP")
              && set.directionsText().equals("dst,dst")) {
            options = options.withMasqueradeAll(true);
          }
        }
      }
    }
    return options;
  }

  /** The scheduler most of the node's virtual servers use (ties: alphabetical), if any. */
  static Optional<String> mostCommonScheduler(List<Service> table) {
    Map<String, Long> counts = table.stream().collect(Collectors.groupingBy(
        s -> s.service().scheduler(), Collectors.counting()));
    return counts.entrySet().stream()
        .max(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
            .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
        .map(Map.Entry::getKey);
  }
}
