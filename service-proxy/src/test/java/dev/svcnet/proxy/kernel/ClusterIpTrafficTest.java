package dev.svcnet.proxy.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.svcnet.harness.netns.InNetworkNamespace;
import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesProfile;
import dev.svcnet.proxy.IptablesRenderer;
import dev.svcnet.proxy.testing.EndpointServers;
import dev.svcnet.proxy.testing.ServiceCase;
import dev.svcnet.proxy.testing.ServiceTraffic;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The traffic property in real namespaces ({@link ServiceTraffic}): this test's namespace is the
 * node, with four endpoint pods on a bridge ({@link EndpointServers#bridgedPods()}). For random
 * ClusterIP and NodePort services and endpoint sets, the rendered payload is loaded with the real
 * iptables-restore, and every connection to a ClusterIP:port or to the node IP and NodePort
 * reaches one of that service's ready endpoints (always the same one with ClientIP affinity); a
 * service without ready endpoints refuses. (The conformance suite's
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

  @Test
  @Timeout(60)
  void connectionsToEveryClusterIpReachOnlyThatServicesEndpoints() {
    qt().withExamples(8).withShrinkCycles(10)
        .forAll(lists().of(integers().between(0, 4095)).ofSizeBetween(1, 4))
        .checkAssert(seeds -> {
          List<ServiceCase> cases = seeds.stream().map(ServiceCase::of).toList();
          try {
            ClusterState state = ServiceTraffic.state(cases, round.incrementAndGet());
            IptablesOptions options = IptablesOptions.defaults(IptablesProfile.CURRENT);
            restore(IptablesRenderer.render(state, ServiceTraffic.NODE, IpFamily.IPV4,
                options));
            restore(IptablesRenderer.jumpRules(IpFamily.IPV4, options), "--noflush");
            assertThat(ServiceTraffic.problems(state, ServiceTraffic.NODE,
                CONNECTIONS_PER_ADDRESS)).as("%s", cases).isEmpty();
          } catch (IOException e) {
            throw new AssertionError(e);
          }
        });
  }

  private static void restore(String text, String... extra) throws IOException {
    List<String> argv = new ArrayList<>(List.of("iptables-restore", "-w"));
    argv.addAll(List.of(extra));
    CommandResult result = ExternalCommand.of(argv.toArray(String[]::new)).withStdin(text).run();
    assertThat(result.exitCode()).as(result.describe()).isZero();
  }
}
