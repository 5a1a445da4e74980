package dev.svcnet.conformance.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped manifests (deploy/cluster/) are valid Kubernetes objects that give the cluster
 * check what it needs: the host's network, privileges for iptables-save, the node's name, and
 * read access to exactly what {@link ApiServerReader} reads.
 */
class ClusterManifestsTest {
  private static final Path DEPLOY = Path.of(System.getProperty("svcnet.repo.root", ".."), "deploy", "cluster");
  private final KubernetesSerialization yaml = new KubernetesSerialization();

  /** Every document of the file (unmarshal gives one object for one document, a list for more). */
  private List<HasMetadata> objects(String file) throws IOException {
    Object read = yaml.unmarshal(Files.readString(DEPLOY.resolve(file)));
    if (read instanceof List<?> list) {
      return list.stream().map(HasMetadata.class::cast).toList();
    }
    return List.of((HasMetadata) read);
  }

  @Test
  void theDaemonSetRunsTheClusterTargetOnEveryNodeWithTheHostsNetwork() throws IOException {
    DaemonSet daemonSet = (DaemonSet) objects("daemonset.yaml").get(0);
    PodSpec pod = daemonSet.getSpec().getTemplate().getSpec();
    Container check = pod.getInitContainers().get(0);

    assertRunsTheClusterCheck(pod, check);
    assertThat(pod.getContainers().get(0).getCommand()).containsExactly("sleep", "infinity");
  }

  @Test
  void theJobRunsTheClusterTargetOnceOnOneNode() throws IOException {
    Job job = (Job) objects("job.yaml").get(0);
    PodSpec pod = job.getSpec().getTemplate().getSpec();

    assertRunsTheClusterCheck(pod, pod.getContainers().get(0));
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
  }

  @Test
  void theServiceAccountMayReadWhatTheCheckReadsAndNothingMore() throws IOException {
    List<HasMetadata> rbac = objects("rbac.yaml");
    ClusterRole clusterRole = rbac.stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
        .findFirst().orElseThrow();
    Role role = rbac.stream().filter(Role.class::isInstance).map(Role.class::cast).findFirst().orElseThrow();

    assertThat(clusterRole.getRules()).extracting(PolicyRule::getResources)
        .containsExactly(List.of("services", "nodes"), List.of("endpointslices"),
            List.of("ingresses", "ingressclasses"));
    assertThat(clusterRole.getRules()).allSatisfy(r -> assertThat(r.getVerbs()).containsExactly("get", "list"));
    assertThat(role.getMetadata().getNamespace()).isEqualTo("kube-system");
    assertThat(role.getRules().get(0).getResourceNames()).containsExactly("kube-proxy");
    assertThat(role.getRules().get(0).getVerbs()).containsExactly("get");
  }

  private static void assertRunsTheClusterCheck(PodSpec pod, Container check) {
    assertThat(pod.getHostNetwork()).isTrue();
    assertThat(pod.getServiceAccountName()).isEqualTo("svcnet-conformance");
    assertThat(check.getArgs()).contains("conformance", "--target=cluster");
    assertThat(check.getSecurityContext().getPrivileged()).isTrue();
    assertThat(check.getEnv()).anySatisfy(env -> {
      assertThat(env.getName()).isEqualTo("NODE_NAME");
      assertThat(env.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
    });
  }
}
