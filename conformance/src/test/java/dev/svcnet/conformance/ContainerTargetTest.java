package dev.svcnet.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.conformance.checks.NamespaceCheck;
import dev.svcnet.conformance.checks.ServiceProxyIptablesTrafficCheck;
import dev.svcnet.conformance.checks.StatisticCascadeSharesCheck;
import dev.svcnet.harness.container.DockerAvailability;
import dev.svcnet.harness.nginx.LocalNginx;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The container target: every check of the netns target runs inside a container of svcnet's
 * network-tools image (NET_ADMIN and NET_RAW only, the container's one network namespace), with
 * its progress, result, counterexample and charts coming back to the suite; a deliberately wrong
 * model is caught and shrunk there as on netns.
 */
class ContainerTargetTest {

  @Test
  void theWholeNetnsSuiteRunsAndPassesInsideAContainer() {
    DockerAvailability.abortIfUnavailable();
    List<String> progress = new ArrayList<>();
    SuiteReport report = ConformanceSuite.standard().run(List.of(Target.CONTAINER),
        new Settings(3, 10), new SuiteListener() {
          @Override
          public void progressed(Check check, Target target, int done, int total) {
            progress.add(check.capability() + " " + done + "/" + total);
          }
        });
    List<Check> onNetns = ConformanceSuite.standard().checks().stream()
        .filter(c -> c.targets().contains(Target.NETNS)).toList();

    // Every netns check has its in-container form: none is left out of the container column.
    assertThat(onNetns).allSatisfy(check -> assertThat(check).isInstanceOf(NamespaceCheck.class));
    assertThat(report.results()).extracting(CheckResult::capability)
        .containsExactlyElementsOf(onNetns.stream().map(Check::capability).toList())
        .contains("service-proxy.iptables-traffic", "service-proxy.sync-time",
            "ingress.nginx-routing");
    String noNginx = LocalNginx.unavailable();
    assertThat(report.results()).allSatisfy(result -> {
      assertThat(result.target()).isEqualTo(Target.CONTAINER);
      if (result.capability().equals("ingress.nginx-routing") && noNginx != null) {
        // No nginx on this machine, so none in the image: said, not passed.
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_RUN);
        assertThat(result.detail()).contains(noNginx);
      } else {
        assertThat(result.verdict()).as(result.capability() + ": " + result.detail())
            .isEqualTo(Verdict.PASSED);
      }
    });
    assertThat(report.columns().get(0).environment()).startsWith("this machine's kernel ")
        .endsWith(", shared by the container");
    // Progress streamed out of the containers, charts came back whole.
    assertThat(progress).contains("netfilter.statistic-cascade-shares 8/8",
        "service-proxy.iptables-traffic 20/20", "service-proxy.sync-time 4/4");
    assertThat(result(report, "netfilter.statistic-cascade-shares").charts()).isNotEmpty();
    assertThat(result(report, "service-proxy.sync-time").charts()).singleElement()
        .isInstanceOfSatisfying(XyChart.class, chart -> assertThat(chart.series()).hasSize(4)
            .allSatisfy(series -> assertThat(series.x()).containsExactly(100.0, 250.0)));
    // The traffic check says what its single-namespace form cannot cover.
    assertThat(result(report, "service-proxy.iptables-traffic").detail())
        .contains("single-namespace form", "externalTrafficPolicy Local");
  }

  private static CheckResult result(SuiteReport report, String capability) {
    return report.results().stream().filter(r -> r.capability().equals(capability))
        .findFirst().orElseThrow();
  }

  @Test
  void aWrongCascadeModelIsCaughtAndShrunkInsideAContainer() {
    DockerAvailability.abortIfUnavailable();
    CheckResult result = new StatisticCascadeSharesCheck().run(Target.CONTAINER,
        new Settings(5, 4, true));

    assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.FAILED);
    assertThat(result.counterexample().minimal()).isEqualTo("cascades of [3] endpoints");
    assertThat(result.counterexample().reproduce()).isEqualTo("./svcnet conformance"
        + " --target=container --capability=netfilter.statistic-cascade-shares --seed=5"
        + " --tries=4");
  }

  @Test
  void aModelForgettingTheSlicePortIsCaughtAndShrunkInsideAContainer() {
    DockerAvailability.abortIfUnavailable();
    CheckResult result = new ServiceProxyIptablesTrafficCheck().run(Target.CONTAINER,
        new Settings(3, 6, true));

    assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.FAILED);
    assertThat(result.target()).isEqualTo(Target.CONTAINER);
    Counterexample found = result.counterexample();
    assertThat(found.minimalSize()).isEqualTo(1);
    assertThat(found.minimal())
        .matches(".*1 service: ClusterIP\\(ready \\[\\d\\], target port 8080\\)");
    assertThat(found.problem()).contains("connection refused, expected one of");
    assertThat(found.reproduce()).isEqualTo("./svcnet conformance --target=container"
        + " --capability=service-proxy.iptables-traffic --seed=3 --tries=6");
    assertThat(result.detail()).contains("single-namespace form");
  }
}
