package dev.svcnet.proxy.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.svcnet.harness.netns.InNetworkNamespace;
import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.NetworkNamespace;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.Ips;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesProfile;
import dev.svcnet.proxy.IptablesRenderer;
import dev.svcnet.proxy.testing.EndpointServers;
import dev.svcnet.proxy.testing.LocalPolicyCase;
import dev.svcnet.proxy.testing.ServiceCase;
import dev.svcnet.proxy.testing.ServiceTraffic;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The traffic property in real namespaces ({@link ServiceTraffic}): this test's namespace is the
 * node, with four endpoint pods on a bridge ({@link EndpointServers#bridgedPods()}). For random
 * ClusterIP and NodePort services and endpoint sets, the rendered payload is loaded with the real
 * iptables-restore, and every connection to a ClusterIP:port or to the node IP and NodePort
 * reaches one of that service's ready endpoints (always the same one with ClientIP affinity); a
 * service without ready endpoints refuses. The same holds for both layouts, the current one and
 * kube-proxy 1.22's (NodePorts straight to KUBE-SVC; there without unready endpoints, which
 * 1.22 still counts, so that their Service's connections time out instead of being refused). With externalTrafficPolicy Local, a client
 * outside the cluster ({@link EndpointServers#outsideClient()}, talking to the node's
 * {@value ServiceTraffic#OUTSIDE_NODE_IP}) reaches only endpoints on this node, through KUBE-SVL
 * (current) or KUBE-XLB (1.22), and none where the node has no endpoint of its own. Everything
 * stays inside the namespaces made here. (The conformance suite's
 * {@code service-proxy.iptables-traffic} checks the same property through the sync engine.)
 */
@InNetworkNamespace
class ClusterIpTrafficTest {

  private static final int CONNECTIONS_PER_ADDRESS = 6;

  private EndpointServers endpoints;
  private final AtomicInteger round = new AtomicInteger();

  @BeforeEach
  void startEndpoints() throws IOException {
    endpoints = EndpointServers.bridgedPods();
  }

  @AfterEach
  void stopEndpoints() {
    endpoints.close();
  }

  @ParameterizedTest
  @EnumSource(IptablesProfile.class)
  @Timeout(60)
  void connectionsToEveryClusterIpReachOnlyThatServicesEndpoints(IptablesProfile profile) {
    qt().withExamples(8).withShrinkCycles(10)
        .forAll(lists().of(integers().between(0, 4095)).ofSizeBetween(1, 4))
        .checkAssert(seeds -> {
          List<ServiceCase> cases = seeds.stream().map(ServiceCase::of)
              .map(c -> forLayout(c, profile)).toList();
          try {
            ClusterState state = ServiceTraffic.state(cases, round.incrementAndGet());
            load(state, profile);
            assertThat(ServiceTraffic.problems(state, ServiceTraffic.NODE,
                CONNECTIONS_PER_ADDRESS)).as("%s", cases).isEmpty();
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });
  }

  @ParameterizedTest
  @EnumSource(IptablesProfile.class)
  @Timeout(90)
  void externalClientsOfLocalPolicyNodePortsReachOnlyThisNodesEndpoints(IptablesProfile profile)
      throws IOException {
    NetworkNamespace client = endpoints.outsideClient();
    qt().withExamples(6).withShrinkCycles(5)
        .forAll(lists().of(integers().between(0, 1023)).ofSizeBetween(1, 3))
        .checkAssert(seeds -> {
          List<LocalPolicyCase> cases = seeds.stream().map(LocalPolicyCase::of).toList();
          try {
            ClusterState state = ServiceTraffic.localPolicyState(cases, round.incrementAndGet());
            load(state, profile);
            // Where this node has no endpoint: rejected (none at all) or dropped (1.22 falls
            // through KUBE-XLB to the node's own closed port, the current layout drops in
            // KUBE-EXTERNAL-SERVICES).
            assertThat(ServiceTraffic.externalProblems(state, ServiceTraffic.NODE, client,
                Ips.parse(ServiceTraffic.OUTSIDE_NODE_IP), CONNECTIONS_PER_ADDRESS))
                .as("%s", cases).isEmpty();
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });
  }

  /**
   * In kube-proxy 1.22's layout unready endpoints still count as endpoints: a Service whose
   * endpoints are all unready gets no REJECT rule, and its connections time out rather than
   * being refused (Release122LayoutWriter). So for that layout the cases list ready endpoints
   * only.
   */
  private static ServiceCase forLayout(ServiceCase c, IptablesProfile profile) {
    return profile == IptablesProfile.V1_22
        ? new ServiceCase(c.readyMask(), 0, c.targetPortIndex(), c.affinity(), c.nodePort())
        : c;
  }

  private static void load(ClusterState state, IptablesProfile profile) throws IOException {
    IptablesOptions options = IptablesOptions.defaults(profile);
    String payload = IptablesRenderer.render(state, ServiceTraffic.NODE, IpFamily.IPV4, options);
    // As kube-proxy does: chains it ensures first, then the payload and the jumps (--noflush),
    // here into tables emptied of the previous round.
    restore("*filter\nCOMMIT\n*nat\nCOMMIT\n");
    String prerequisites = IptablesRenderer.prerequisites(IpFamily.IPV4, options);
    if (!prerequisites.isEmpty()) {
      restore(prerequisites, "--noflush");
    }
    restore(payload, "--noflush");
    restore(IptablesRenderer.jumpRules(IpFamily.IPV4, options), "--noflush");
  }

  private static void restore(String text, String... extra) throws IOException {
    List<String> argv = new ArrayList<>(List.of("iptables-restore", "-w"));
    argv.addAll(List.of(extra));
    CommandResult result = ExternalCommand.of(argv.toArray(String[]::new)).withStdin(text).run();
    assertThat(result.exitCode()).as(result.describe()).isZero();
  }
}
