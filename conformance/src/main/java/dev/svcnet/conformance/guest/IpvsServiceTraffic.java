package dev.svcnet.conformance.guest;

import dev.svcnet.conformance.checks.ServiceTrafficCases;
import dev.svcnet.conformance.internal.ListShrinker;
import dev.svcnet.harness.vm.RoutableDummy;
import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.NetworkNamespace;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.sync.ServiceProxier;
import dev.svcnet.proxy.testing.EndpointServers;
import dev.svcnet.proxy.testing.ServiceCase;
import dev.svcnet.proxy.testing.ServiceTraffic;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs inside the kernel VM: service-proxy in IPVS mode, with traffic. For {@code tries} random
 * clusters drawn from {@code seed} ({@link ServiceTrafficCases}), each in a fresh network
 * namespace of the guest (the node: a dummy interface holding the node and endpoint addresses,
 * endpoint servers on them), the sync engine ({@link ServiceProxier#ipvs}) programs IPVS and
 * the ClusterIPs on kube-ipvs0, and every connection to a ClusterIP:port or node IP:NodePort
 * must reach only that Service's ready endpoints ({@link ServiceTraffic}). On the first failing
 * cluster it shrinks the Services and prints {@value #FIRST}, {@value #MINIMAL} and
 * {@value #PROBLEM} lines; otherwise {@code PASSED ...}. Exit code 0 or 1. A third argument
 * {@code true} is the test-only fault switch (see {@link ServiceTrafficCases#programmed}).
 */
public final class IpvsServiceTraffic {

  public static final String FIRST = "FIRST ";
  public static final String MINIMAL = "MINIMAL ";
  public static final String PROBLEM = "PROBLEM ";
  private static final int CONNECTIONS = 4;
  private static final int SHRINK_PROBES = 25;
  private static final AtomicInteger ROUNDS = new AtomicInteger();

  private IpvsServiceTraffic() {}

  public static void main(String[] args) throws Exception {
    long seed = Long.parseLong(args[0]);
    int tries = Integer.parseInt(args[1]);
    boolean faulty = args.length > 2 && Boolean.parseBoolean(args[2]);
    for (String module : List.of("ip_vs", "ip_vs_rr", "dummy")) {
      ExternalCommand.of("modprobe", module).runChecked();
    }
    List<List<ServiceCase>> clusters = ServiceTrafficCases.clusters(seed, tries);
    for (int i = 0; i < clusters.size(); i++) {
      List<ServiceCase> cluster = clusters.get(i);
      List<String> problems = playFresh(cluster, faulty);
      if (!problems.isEmpty()) {
        List<ServiceCase> minimal = new ListShrinker<ServiceCase>(
            candidate -> !playFresh(candidate, faulty).isEmpty(), ServiceCase::simpler,
            SHRINK_PROBES).shrink(cluster);
        List<String> minimalProblems = playFresh(minimal, faulty);
        System.out.println(FIRST + cluster.size() + " cluster " + i + ": "
            + ServiceTrafficCases.describe(cluster));
        System.out.println(MINIMAL + minimal.size() + " "
            + ServiceTrafficCases.describe(minimal));
        System.out.println(PROBLEM + (minimalProblems.isEmpty()
            ? "(passed when checked again): " + problems.get(0)
            : String.join("; ", minimalProblems)));
        System.exit(1);
      }
    }
    System.out.println("PASSED " + clusters.size() + " clusters");
  }

  /** Programs {@code cluster} in a fresh node namespace and checks its traffic. */
  static List<String> playFresh(List<ServiceCase> cluster, boolean faulty) throws Exception {
    int round = ROUNDS.incrementAndGet();
    try (NetworkNamespace node = NetworkNamespace.create("ipvs-traffic-" + round)) {
      return node.call(() -> {
        List<String> endpoints = new ArrayList<>();
        for (int e = 0; e < ServiceTraffic.ENDPOINTS; e++) {
          endpoints.add(ServiceTraffic.endpointIp(e) + "/32");
        }
        RoutableDummy.add(endpoints);
        ClusterState state = ServiceTraffic.state(cluster, round);
        try (IpvsClient client = IpvsClient.open();
            EndpointServers servers = EndpointServers.localAddresses()) {
          ServiceProxier proxier = ServiceProxier.ipvs(client, ServiceTraffic.NODE,
              IpFamily.IPV4, "rr");
          proxier.replaceAll(ServiceTrafficCases.programmed(state, faulty));
          proxier.sync();
          return ServiceTraffic.problems(state, ServiceTraffic.NODE, CONNECTIONS);
        }
      });
    }
  }

  /** For the host side: the guest command line. */
  public static List<String> command(String java, String classPath, long seed, int tries,
      boolean faulty) {
    return List.of(java, "-cp", classPath, IpvsServiceTraffic.class.getName(),
        Long.toString(seed), Integer.toString(tries), Boolean.toString(faulty));
  }
}
