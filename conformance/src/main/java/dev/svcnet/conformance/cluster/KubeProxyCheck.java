package dev.svcnet.conformance.cluster;

import dev.svcnet.conformance.Check;
import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Counterexample;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the two kube-proxy checks of the cluster target share: where the API server and the node
 * are, how the API server is read (a failure to read it means not run, with the reason), and how
 * a list of differences becomes a result (none: passed; else failed, every difference in the
 * counterexample and the first as its minimal case).
 */
abstract class KubeProxyCheck implements Check {

  private final String capability;
  private final Supplier<KubernetesClient> clients;
  private final Supplier<String> nodeName;
  private final Optional<String> clusterCidr;
  final NodeAccess node;

  KubeProxyCheck(String capability, Supplier<KubernetesClient> clients, Supplier<String> nodeName,
      Optional<String> clusterCidr, NodeAccess node) {
    this.capability = capability;
    this.clients = clients;
    this.nodeName = nodeName;
    this.clusterCidr = clusterCidr;
    this.node = node;
  }

  /** kubeconfig or in-cluster configuration, as the command line runs the checks. */
  static Supplier<KubernetesClient> defaultClients() {
    return () -> new KubernetesClientBuilder().build();
  }

  /** {@code SVCNET_CLUSTER_CIDR}, if set. */
  static Optional<String> clusterCidrFromEnvironment() {
    return Optional.ofNullable(System.getenv("SVCNET_CLUSTER_CIDR"));
  }

  @Override
  public final String capability() {
    return capability;
  }

  @Override
  public final Set<Target> targets() {
    return Set.of(Target.CLUSTER);
  }

  /** What a check does with the API server once it can reach it. */
  interface WithApiServer {
    CheckResult run(KubernetesClient client, ApiServer apiServer);
  }

  /** Reads the cluster this check's node sees. */
  final class ApiServer {
    private final KubernetesClient client;

    private ApiServer(KubernetesClient client) {
      this.client = client;
    }

    /** The Services, EndpointSlices and node settings for this node. */
    ClusterSnapshot snapshot() {
      return ApiServerReader.read(client, nodeName.get(), clusterCidr);
    }
  }

  /**
   * Runs {@code work} with a client of the API server; the API server unreachable, or the node
   * unknown to it, is {@code not run} with the reason.
   */
  final CheckResult withApiServer(Target target, WithApiServer work) {
    try (KubernetesClient client = clients.get()) {
      return work.run(client, new ApiServer(client));
    } catch (KubernetesClientException | IllegalStateException e) {
      return CheckResult.notRun(capability, target, "cannot read the API server: "
          + e.getMessage());
    }
  }

  /**
   * Passed with {@code passed} when there are no differences; else failed, {@code problem}
   * prefixed with the number of differences.
   */
  final CheckResult verdict(Target target, Settings settings, long start,
      List<String> differences, String passed, String problem) {
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (differences.isEmpty()) {
      return new CheckResult(capability, target, Verdict.PASSED, passed, took);
    }
    String counted = differences.size() + " differences between " + problem;
    Counterexample counterexample = new Counterexample(settings.seed(),
        String.join("\n", differences), differences.size(), differences.get(0), 1, counted,
        Counterexample.reproduceCommand(target, capability, settings));
    return new CheckResult(capability, target, Verdict.FAILED, counted, took, counterexample,
        List.of());
  }

  /** Connects to every probe's address from the node; a different outcome is a difference. */
  final int probe(List<ClusterIpProbes.Probe> probes, List<String> differences) {
    for (ClusterIpProbes.Probe probe : probes) {
      NodeAccess.Connection outcome = node.connect(probe.address());
      if (outcome != probe.expected()) {
        differences.add("traffic to " + probe.address().getAddress().getHostAddress() + ":"
            + probe.address().getPort() + " (" + probe.servicePort() + "): svcnet predicts "
            + probe.expected() + ", the node gave " + outcome);
      }
    }
    return probes.size();
  }

  /** NODE_NAME (the DaemonSet sets it from spec.nodeName), else this host's name. */
  static String localNodeName() {
    String fromEnv = System.getenv("NODE_NAME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    try {
      return Files.readString(Path.of("/etc/hostname")).trim();
    } catch (IOException e) {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (IOException again) {
        return "localhost";
      }
    }
  }
}
