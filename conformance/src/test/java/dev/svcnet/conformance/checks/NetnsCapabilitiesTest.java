package dev.svcnet.conformance.checks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Counterexample;
import dev.svcnet.conformance.Progress;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.conformance.XyChart;
import dev.svcnet.harness.netns.NamespaceAssumptions;
import dev.svcnet.netlink.netns.NetworkNamespace;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The netns target's round-trip, service-proxy and sync-time checks: they pass with svcnet's
 * models, and with the test-only fault switch they fail with a shrunk counterexample and the
 * command that reproduces it. The traffic check's single-namespace form (the container's) is
 * also run here, in a fresh namespace, where a failure is quicker to read than in a container.
 */
class NetnsCapabilitiesTest {

  @BeforeEach
  void needsNamespaces(TestInfo test) {
    NamespaceAssumptions.assumeNamespacesAllowed(test.getDisplayName());
  }

  @Test
  void randomRuleSetsReadBackAsTheirCanonicalForm() {
    CheckResult result = new NetfilterRoundTripCheck().run(Target.NETNS, new Settings(7, 20));
    System.out.println(result.detail() + " in " + result.took());
    assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.PASSED);
  }

  @Test
  void aRoundTripModelWithoutTheCanonicalFormIsCaughtAndShrunk() {
    CheckResult result = new NetfilterRoundTripCheck().run(Target.NETNS,
        new Settings(7, 20, true));
    assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.FAILED);
    Counterexample found = result.counterexample();
    System.out.println("caught and shrunk: " + found);
    assertThat(found.minimalSize()).isLessThan(found.firstSize());
    assertThat(found.reproduce()).isEqualTo("./svcnet conformance --target=netns"
        + " --capability=netfilter.round-trip --seed=7 --tries=20");
  }

  @Test
  void servicesProgrammedInIptablesModeAnswerFromTheirReadyEndpoints() {
    CheckResult result = new ServiceProxyIptablesTrafficCheck().run(Target.NETNS,
        new Settings(3, 6));
    System.out.println(result.detail() + " in " + result.took());
    assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.PASSED);
  }

  @Test
  void aModelForgettingTheSlicePortIsCaughtAndShrunkToOneServiceWithOneEndpoint() {
    CheckResult result = new ServiceProxyIptablesTrafficCheck().run(Target.NETNS,
        new Settings(3, 6, true));
    assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.FAILED);
    Counterexample found = result.counterexample();
    System.out.println("caught and shrunk: " + found);
    assertThat(found.minimalSize()).isEqualTo(1);
    // Shrinking leaves one ClusterIP Service with one ready endpoint and nothing else.
    assertThat(found.minimal()).matches(".*1 service: ClusterIP\\(ready \\[\\d\\], target port 8080\\)");
    assertThat(found.problem()).contains("connection refused, expected one of");
  }

  @Test
  void theContainersSingleNamespaceFormPassesAndSaysWhatItLeavesOut() throws Exception {
    CheckResult result = inFreshNamespace(check -> check.runInThisNamespace(Target.NETNS,
        new Settings(3, 6), Progress.ignored(),
        ServiceProxyIptablesTrafficCheck.Topology.SINGLE_NAMESPACE));
    System.out.println(result.detail() + " in " + result.took());
    assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.PASSED);
    assertThat(result.detail()).contains("single-namespace form: the endpoints are local"
        + " addresses of the node's own namespace").contains("externalTrafficPolicy Local");
  }

  @Test
  void theSingleNamespaceFormCatchesTheForgottenSlicePortToo() throws Exception {
    CheckResult result = inFreshNamespace(check -> check.runInThisNamespace(Target.NETNS,
        new Settings(3, 6, true), Progress.ignored(),
        ServiceProxyIptablesTrafficCheck.Topology.SINGLE_NAMESPACE));
    assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.FAILED);
    Counterexample found = result.counterexample();
    System.out.println("caught and shrunk: " + found);
    assertThat(found.minimal())
        .matches(".*1 service: ClusterIP\\(ready \\[\\d\\], target port 8080\\)");
    assertThat(found.problem()).contains("connection refused, expected one of");
  }

  private static CheckResult inFreshNamespace(
      Function<ServiceProxyIptablesTrafficCheck, CheckResult> run) throws Exception {
    try (NetworkNamespace ns = NetworkNamespace.create("single-namespace-traffic")) {
      return ns.call(() -> run.apply(new ServiceProxyIptablesTrafficCheck()));
    }
  }

  @Test
  void syncTimeIsChartedAgainstTheNumberOfServices() {
    CheckResult result = new SyncTimeCheck().run(Target.NETNS, new Settings(5, 1));
    System.out.println(result.detail() + " in " + result.took());
    assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.PASSED);
    assertThat(result.charts()).singleElement().isInstanceOfSatisfying(XyChart.class, chart ->
        assertThat(chart.series()).hasSize(4).allSatisfy(series ->
            assertThat(series.x()).containsExactly(100.0, 250.0)));
  }

  @Test
  void realNginxRoutesRandomIngressesAsTheNginxModeRouterPredicts() {
    CheckResult result = new IngressNginxCheck().run(Target.NETNS, new Settings(9, 6));
    System.out.println(result.detail() + " in " + result.took());
    assertThat(result.verdict()).as(result.detail()).isIn(Verdict.PASSED, Verdict.NOT_RUN);
    org.junit.jupiter.api.Assumptions.assumeTrue(result.verdict() == Verdict.PASSED,
        "ingress check not run: " + result.detail());
  }

  @Test
  void aRouterInSpecModeIsCaughtByNginxAndShrunk() {
    CheckResult result = new IngressNginxCheck().run(Target.NETNS, new Settings(9, 6, true));
    org.junit.jupiter.api.Assumptions.assumeTrue(result.verdict() != Verdict.NOT_RUN,
        "ingress check not run: " + result.detail());
    assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.FAILED);
    Counterexample found = result.counterexample();
    System.out.println("caught and shrunk: " + found);
    assertThat(found.minimalSize()).isLessThanOrEqualTo(found.firstSize()).isLessThanOrEqualTo(3);
    assertThat(found.problem()).contains("nginx").contains("router");
    assertThat(found.reproduce()).isEqualTo("./svcnet conformance --target=netns"
        + " --capability=ingress.nginx-routing --seed=9 --tries=6");
  }
}
