package dev.svcnet.conformance.checks;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Counterexample;
import dev.svcnet.conformance.Progress;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.conformance.internal.ListShrinker;
import dev.svcnet.netfilter.Backend;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesProfile;
import dev.svcnet.proxy.sync.ServiceProxier;
import dev.svcnet.proxy.testing.EndpointServers;
import dev.svcnet.proxy.testing.ServiceCase;
import dev.svcnet.proxy.testing.ServiceTraffic;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * service-proxy in iptables mode, with traffic: random clusters of ClusterIP and NodePort
 * Services (ready and not-ready endpoints, ClientIP affinity; {@link ServiceTrafficCases}) are
 * programmed by the sync engine ({@link ServiceProxier}, rendering kube-proxy's rules and loading
 * them with the real iptables-restore, legacy and nft in turn) into the node's namespace, and
 * every connection from the node to a ClusterIP:port or node IP:NodePort must reach only that
 * Service's ready endpoints, always the same one with ClientIP affinity, and be refused when
 * there is none ({@link ServiceTraffic}). A failing cluster shrinks to the fewest and simplest
 * Services.
 *
 * <p>The endpoints differ by target ({@link Topology}): on {@code netns} four pod namespaces on a
 * bridge; on {@code container}, where no namespace can be made, local addresses of the
 * container's own namespace, reached through the same nat OUTPUT rules. The result's detail
 * names what the single-namespace form does not exercise.
 */
public final class ServiceProxyIptablesTrafficCheck extends NamespaceCheck {

  /** Clusters per run are capped: each is a full sync and a few dozen connections. */
  static final int MAX_CLUSTERS = 20;
  static final List<Backend> BACKENDS = List.of(Backend.LEGACY, Backend.NFT);
  private static final int CONNECTIONS = 4;
  private static final int SHRINK_PROBES = 40;
  private static final IptablesOptions OPTIONS = IptablesOptions.defaults(IptablesProfile.CURRENT);

  /** Where the endpoints of the node's Services run. */
  enum Topology {
    /** Pod namespaces on a bridge ({@link EndpointServers#bridgedPods()}): needs CAP_SYS_ADMIN. */
    BRIDGED_PODS(""),
    /** The node's own namespace ({@link EndpointServers#onLoopback()}): NET_ADMIN is enough. */
    SINGLE_NAMESPACE("; single-namespace form: the endpoints are local addresses of the node's"
        + " own namespace, so the forwarding path to pods on a bridge (FORWARD and POSTROUTING"
        + " towards a pod, the address a pod sees) is not exercised here, only on the netns"
        + " target; as there, every client is the node itself, so traffic from outside the node"
        + " (e.g. externalTrafficPolicy Local) is not covered");

    private final String limits;

    Topology(String limits) {
      this.limits = limits;
    }

    static Topology of(Target target) {
      return target == Target.CONTAINER ? SINGLE_NAMESPACE : BRIDGED_PODS;
    }

    EndpointServers endpoints() throws IOException {
      return this == BRIDGED_PODS ? EndpointServers.bridgedPods() : EndpointServers.onLoopback();
    }

    /** What this form leaves out, to append to a result's detail; empty if nothing. */
    String limits() {
      return limits;
    }
  }

  @Override
  public String capability() {
    return "service-proxy.iptables-traffic";
  }

  @Override
  public String description() {
    return "connections to Services programmed by service-proxy in iptables mode reach only"
        + " their ready endpoints";
  }

  @Override
  public CheckResult runInThisNamespace(Target target, Settings settings, Progress progress) {
    return runInThisNamespace(target, settings, progress, Topology.of(target));
  }

  /** The check with the endpoints of {@code topology}, whatever the target. */
  CheckResult runInThisNamespace(Target target, Settings settings, Progress progress,
      Topology topology) {
    long started = System.nanoTime();
    List<List<ServiceCase>> clusters = ServiceTrafficCases.clusters(settings, MAX_CLUSTERS);
    boolean faulty = settings.faultyModels();
    int[] round = {0};
    try (EndpointServers endpoints = topology.endpoints()) {
      for (Backend backend : BACKENDS) {
        try {
          for (int i = 0; i < clusters.size(); i++) {
            List<ServiceCase> cluster = clusters.get(i);
            List<String> problems = problems(backend, cluster, ++round[0], faulty);
            if (!problems.isEmpty()) {
              return failed(target, settings, topology, backend, i, cluster, problems, round,
                  started);
            }
            progress.update(clusters.size() * BACKENDS.indexOf(backend) + i + 1,
                clusters.size() * BACKENDS.size());
          }
        } finally {
          EmptyTables.of(backend);
        }
      }
    } catch (IOException e) {
      return new CheckResult(capability(), target, Verdict.NOT_RUN,
          e.getMessage() + " (install with: apt-get install iptables iproute2)",
          elapsed(started));
    } catch (Exception e) {
      return new CheckResult(capability(), target, Verdict.FAILED,
          "the check could not complete: " + e, elapsed(started));
    }
    return new CheckResult(capability(), target, Verdict.PASSED, clusters.size()
        + " random clusters x " + BACKENDS.size() + " backends (" + clusters.size()
        * BACKENDS.size() + " syncs), every connection reached a ready endpoint of its Service"
        + topology.limits(), elapsed(started));
  }

  /**
   * In the node's namespace: a fresh proxier programs {@code cluster} (its first sync is a full
   * one, deleting the previous round's chains) and the connections are checked.
   */
  private static List<String> problems(Backend backend, List<ServiceCase> cluster, int round,
      boolean faulty) throws Exception {
    ClusterState state = ServiceTraffic.state(cluster, round);
    ServiceProxier proxier = ServiceProxier.iptables(backend, ServiceTraffic.NODE,
        IpFamily.IPV4, OPTIONS);
    proxier.replaceAll(ServiceTrafficCases.programmed(state, faulty));
    proxier.sync();
    return ServiceTraffic.problems(state, ServiceTraffic.NODE, CONNECTIONS);
  }

  private CheckResult failed(Target target, Settings settings, Topology topology,
      Backend backend, int index, List<ServiceCase> first, List<String> firstProblems,
      int[] round, long started) throws Exception {
    boolean faulty = settings.faultyModels();
    List<ServiceCase> minimal = new ListShrinker<ServiceCase>(
        candidate -> !problems(backend, candidate, ++round[0], faulty).isEmpty(),
        ServiceCase::simpler, SHRINK_PROBES).shrink(first);
    List<String> minimalProblems = problems(backend, minimal, ++round[0], faulty);
    String where = "iptables-" + backend.name().toLowerCase(Locale.ROOT)
        + ", cluster " + index + ": ";
    Counterexample counterexample = new Counterexample(settings.seed(),
        where + ServiceTrafficCases.describe(first), first.size(),
        where + ServiceTrafficCases.describe(minimal), minimal.size(),
        minimalProblems.isEmpty() ? "(passed when checked again): " + firstProblems.get(0)
            : String.join("; ", minimalProblems),
        Counterexample.reproduceCommand(target, capability(),
            settings.withTries(Math.min(settings.tries(), MAX_CLUSTERS))));
    return new CheckResult(capability(), target, Verdict.FAILED, firstProblems.size()
        + " wrong answer(s) in cluster " + index + "; shrunk to " + counterexample.minimal()
        + ": " + counterexample.problem() + topology.limits(), elapsed(started), counterexample,
        List.of());
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
