package dev.svcnet.conformance.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Counterexample;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.harness.netns.NamespaceAssumptions;
import dev.svcnet.harness.nginx.LocalNginx;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code cluster.ingress-nginx} check against fabric8's mock API server (CRUD mode) holding
 * hand-written IngressClasses, Ingresses and Services (resources/cluster/ingress-nginx.yaml) and
 * Debian's real nginx in a fresh network namespace.
 */
@EnableKubernetesMockClient(crud = true)
class IngressNginxClusterCheckTest {
  KubernetesClient client;

  @BeforeEach
  void prerequisites() {
    NamespaceAssumptions.assumeNamespacesAllowed("cluster ingress check");
    String noNginx = LocalNginx.unavailable();
    assumeTrue(noNginx == null, noNginx);
  }

  @AfterEach
  void emptyTheApiServer() {
    client.network().v1().ingresses().inAnyNamespace().delete();
    client.network().v1().ingressClasses().delete();
    client.services().inAnyNamespace().delete();
  }

  private void loadCluster() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/cluster/ingress-nginx.yaml")) {
      assertThat(in).isNotNull();
      for (HasMetadata object : client.load(in).items()) {
        client.resource(object).create();
      }
    }
  }

  private IngressNginxClusterCheck check(Path nginx) {
    return new IngressNginxClusterCheck(
        () -> new KubernetesClientBuilder().withConfig(client.getConfiguration()).build(),
        nginx, IngressNginxClasses.defaults());
  }

  private IngressNginxClusterCheck check() {
    return check(LocalNginx.BINARY);
  }

  @Test
  void theClustersIngressNginxIngressesRouteInNginxAsSvcnetPredicts() throws IOException {
    loadCluster();

    CheckResult result = check().run(Target.CLUSTER, new Settings(3, 10));

    assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.PASSED);
    assertThat(result.detail()).startsWith("5 Ingresses valid and 408 requests answered by nginx"
        + " as svcnet predicts (5 Ingresses served by ingress-nginx (ingress-nginx classes:"
        + " controller k8s.io/ingress-nginx, --ingress-class nginx; default IngressClass nginx)")
        .contains("not served: Ingress other/dashboard: IngressClass traefik belongs to"
            + " controller traefik.io/ingress-controller",
            "Ingress other/classless: no class; ingress-nginx serves it only with"
                + " --watch-ingress-without-class")
        .endsWith("backends without a Service port (ingress-nginx answers 503):"
            + " shop/orders:80: no Service shop/orders)");
  }

  @Test
  void withWatchWithoutClassTheClasslessIngressIsServedToo() throws IOException {
    loadCluster();
    IngressNginxClusterCheck check = new IngressNginxClusterCheck(
        () -> new KubernetesClientBuilder().withConfig(client.getConfiguration()).build(),
        LocalNginx.BINARY, new IngressNginxClasses("k8s.io/ingress-nginx", "nginx", true));

    CheckResult result = check.run(Target.CLUSTER, new Settings(3, 1));

    assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.PASSED);
    assertThat(result.detail()).startsWith("6 Ingresses valid")
        .doesNotContain("other/classless");
  }

  @Test
  void theFaultSwitchIsCaughtAndShrunkToTheIngressesThatDisagree() throws IOException {
    loadCluster();

    CheckResult result = check().run(Target.CLUSTER, new Settings(3, 10, true));

    assertThat(result.verdict()).as(result.detail()).isEqualTo(Verdict.FAILED);
    Counterexample found = result.counterexample();
    System.out.println("caught and shrunk: " + found);
    assertThat(found.firstSize()).as("5 Ingresses, 8 path rules").isEqualTo(13);
    assertThat(found.minimalSize()).isLessThanOrEqualTo(3);
    assertThat(found.problem()).startsWith("routing: request ").contains(": svcnet ", ", nginx ");
    assertThat(found.reproduce()).isEqualTo("./svcnet conformance --target=cluster"
        + " --capability=cluster.ingress-nginx --seed=3 --tries=10");
  }

  @Test
  void anIngressSvcnetWouldRejectIsReportedWithObjectFieldAndRule() throws IOException {
    loadCluster();
    // The mock API server does not validate: this stands for an object the cluster stored.
    client.network().v1().ingresses().inNamespace("shop").resource(new IngressBuilder()
        .withNewMetadata().withName("bad").withNamespace("shop").endMetadata()
        .withNewSpec().withIngressClassName("nginx").addNewRule().withHost("bad.example.com")
        .withNewHttp().addNewPath().withPath("/a//b").withPathType("Prefix").withNewBackend()
        .withNewService().withName("web").withNewPort().withNumber(80).endPort().endService()
        .endBackend().endPath().endHttp().endRule().endSpec().build()).create();

    CheckResult result = check().run(Target.CLUSTER, new Settings(3, 1));

    assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(result.detail()).startsWith("1 field of the cluster's Ingresses svcnet's"
        + " validation rejects").contains("the 5 others routed in nginx as svcnet predicts");
    assertThat(result.counterexample().minimal()).isEqualTo("Ingress shop/bad:"
        + " spec.rules[0].http.paths[0].path: Invalid value: \"/a//b\": must not contain '//'"
        + " [the API server's Ingress validation (pkg/apis/networking/validation) rejects this;"
        + " stored anyway, so svcnet's validator is wrong or the object predates the rule]");
  }

  @Test
  void missingNginxIsNotRunWithTheReason() throws IOException {
    loadCluster();

    CheckResult result = check(Path.of("/nonexistent/nginx")).run(Target.CLUSTER,
        new Settings(3, 1));

    assertThat(result.verdict()).isEqualTo(Verdict.NOT_RUN);
    assertThat(result.detail()).startsWith("/nonexistent/nginx is not an executable");
  }

  @Test
  void aClusterWithoutIngressNginxIngressesIsNotRunNotPassed() {
    CheckResult result = check().run(Target.CLUSTER, new Settings(3, 1));

    assertThat(result.verdict()).isEqualTo(Verdict.NOT_RUN);
    assertThat(result.detail()).startsWith("no Ingress in the cluster is served by ingress-nginx,"
        + " nothing to check (0 Ingresses;");
  }

  @Test
  void anUnreachableApiServerIsNotRunWithTheReason() {
    IngressNginxClusterCheck check = new IngressNginxClusterCheck(() -> {
      throw new KubernetesClientException("no kubeconfig and not in a pod");
    }, LocalNginx.BINARY, IngressNginxClasses.defaults());

    CheckResult result = check.run(Target.CLUSTER, new Settings(3, 1));

    assertThat(result.verdict()).isEqualTo(Verdict.NOT_RUN);
    assertThat(result.detail()).isEqualTo(
        "cannot read the API server: no kubeconfig and not in a pod");
  }
}
