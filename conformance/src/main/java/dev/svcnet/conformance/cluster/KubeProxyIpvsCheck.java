package dev.svcnet.conformance.cluster;

import dev.svcnet.conformance.Check;
import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Counterexample;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.IpvsPlan;
import dev.svcnet.proxy.IpvsPlanner;
import dev.svcnet.proxy.IpvsVirtualServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * On a live node whose kube-proxy runs in IPVS mode (see {@link KubeProxyMode}): reads the
 * Services and EndpointSlices from the API server, predicts with service-proxy's IPVS plan the
 * virtual and real servers kube-proxy must have programmed for them on this node, and compares
 * them with the node's IPVS table, read over netlink, and the addresses on kube-proxy's dummy
 * interface kube-ipvs0 (see {@link IpvsDifferences}). Every difference is reported; the minimal
 * counterexample is the first one. The scheduler, a kube-proxy option the API server does not
 * hold, is read back from the node's virtual servers (the most common one), else from the
 * kube-proxy ConfigMap's {@code ipvs.scheduler}, else kube-proxy's default rr. Not compared:
 * kube-proxy's ipsets and iptables rules in IPVS mode.
 */
public final class KubeProxyIpvsCheck implements Check {
  public static final String CAPABILITY = "cluster.kube-proxy-ipvs";

  private final Supplier<KubernetesClient> clients;
  private final Supplier<String> nodeName;
  private final Optional<String> clusterCidr;
  private final NodeAccess node;

  /** The check as the command line runs it: kubeconfig or in-cluster config, this node. */
  public KubeProxyIpvsCheck() {
    this(() -> new KubernetesClientBuilder().build(), KubeProxyIptablesCheck::localNodeName,
        Optional.ofNullable(System.getenv("SVCNET_CLUSTER_CIDR")), NodeAccess.local());
  }

  public KubeProxyIpvsCheck(Supplier<KubernetesClient> clients, Supplier<String> nodeName,
      Optional<String> clusterCidr, NodeAccess node) {
    this.clients = clients;
    this.nodeName = nodeName;
    this.clusterCidr = clusterCidr;
    this.node = node;
  }

  @Override
  public String capability() {
    return CAPABILITY;
  }

  @Override
  public String description() {
    return "kube-proxy's IPVS table on this node equals svcnet's IPVS plan for the API server's"
        + " Services and EndpointSlices";
  }

  @Override
  public Set<Target> targets() {
    return Set.of(Target.CLUSTER);
  }

  @Override
  public CheckResult run(Target target, Settings settings) {
    long start = System.nanoTime();
    KubeProxyMode onNode = KubeProxyMode.onNode(node);
    if (onNode.mode() == KubeProxyMode.Mode.IPTABLES) {
      return CheckResult.notRun(CAPABILITY, target, "kube-proxy does not run in IPVS mode on"
          + " this node: " + onNode.evidence());
    }
    String name = nodeName.get();
    try (KubernetesClient client = clients.get()) {
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
      ClusterSnapshot snapshot = ApiServerReader.read(client, name, clusterCidr);
      return compare(target, settings, start, mode, config, table, snapshot);
    } catch (KubernetesClientException | IllegalStateException e) {
      return CheckResult.notRun(CAPABILITY, target, "cannot read the API server: " + e.getMessage());
    }
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
    List<IpvsVirtualServer> predicted = new ArrayList<>();
    List<InetAddress> bound = new ArrayList<>();
    for (IpFamily family : IpFamily.values()) {
      IpvsPlan plan = IpvsPlanner.plan(snapshot.state(), snapshot.node(), family, scheduler);
      predicted.addAll(plan.virtualServers());
      bound.addAll(plan.boundAddresses());
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
          + IpvsPlan.DUMMY_INTERFACE + ": " + e.getMessage(), elapsed(start));
    }
    differences.addAll(IpvsDifferences.boundAddresses(IpvsPlan.DUMMY_INTERFACE, bound, onDummy));
    Duration took = elapsed(start);
    String where = "node " + snapshot.node().nodeName() + ", " + snapshot.state().services().size()
        + " services, scheduler " + scheduler + " (" + schedulerSource + "); " + mode.evidence();
    if (differences.isEmpty()) {
      int realServers = predicted.stream().mapToInt(s -> s.realServers().size()).sum();
      return new CheckResult(CAPABILITY, target, Verdict.PASSED, predicted.size()
          + " virtual servers with " + realServers + " real servers and " + bound.size() + " "
          + IpvsPlan.DUMMY_INTERFACE + " addresses equal svcnet's IPVS plan (" + where + ")", took);
    }
    String problem = differences.size() + " differences between the node's IPVS table and"
        + " svcnet's IPVS plan (" + where + ")";
    Counterexample counterexample = new Counterexample(settings.seed(),
        String.join("\n", differences), differences.size(), differences.get(0), 1, problem,
        Counterexample.reproduceCommand(target, CAPABILITY, settings));
    return new CheckResult(CAPABILITY, target, Verdict.FAILED, problem, took, counterexample,
        List.of());
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

  private static Duration elapsed(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
