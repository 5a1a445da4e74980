package dev.svcnet.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Objects are read as the API server stores them, and rejected where it would reject them. */
class KubernetesObjectsTest {

  static ClusterService oneService(String yaml) {
    ClusterState state = KubernetesObjects.fromYaml("apiVersion: v1\nkind: Service\n" + yaml);
    assertThat(state.services()).hasSize(1);
    return state.services().get(0);
  }

  static void rejected(String yaml, String object, String field, String detail) {
    assertThatThrownBy(() -> KubernetesObjects.fromYaml(yaml))
        .isInstanceOfSatisfying(InvalidObjectException.class, e -> {
          assertThat(e.object()).isEqualTo(object);
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.getMessage()).contains(detail);
        });
  }

  @Test
  void aBadPortNamesTheServiceAndTheFieldPath() {
    rejected("apiVersion: v1\nkind: Service\nmetadata: {namespace: shop, name: web}\n"
        + "spec: {clusterIP: 10.96.0.1, ports: [{name: a, port: 80}, {name: b, port: 0}]}",
        "shop/web", "spec.ports[1].port", "Invalid value: 0: must be between 1 and 65535");
    rejected("apiVersion: v1\nkind: Service\nmetadata: {namespace: shop, name: web}\n"
        + "spec: {ports: [{port: 70000}]}",
        "shop/web", "spec.ports[0].port", "70000");
  }

  @Test
  void anUnknownProtocolIsUnsupported() {
    rejected("apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
        + "spec: {ports: [{port: 80, protocol: HTTP}]}",
        "default/web", "spec.ports[0].protocol",
        "Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"");
  }

  @Test
  void aClusterIpOfTheWrongFamilyForIpFamiliesIsRejected() {
    rejected("apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
        + "spec: {clusterIPs: [\"fd00::1\"], ipFamilies: [IPv4], ports: [{port: 80}]}",
        "default/web", "spec.clusterIPs[0]", "expected an IPv4 value as indicated by"
            + " `ipFamilies[0]`");
    rejected("apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
        + "spec: {clusterIPs: [10.96.0.1, 10.96.0.2], ports: [{port: 80}]}",
        "default/web", "spec.clusterIPs", "no more than one IP for each IP family");
  }

  @Test
  void severalPortsNeedUniqueNames() {
    rejected("apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
        + "spec: {ports: [{port: 80}, {port: 443}]}",
        "default/web", "spec.ports[0].name", "Required value");
    rejected("apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
        + "spec: {ports: [{name: x, port: 80}, {name: x, port: 443}]}",
        "default/web", "spec.ports[1].name", "Duplicate value: \"x\"");
  }

  @Test
  void nodePortsAreForNodePortAndLoadBalancerServicesOnly() {
    rejected("apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
        + "spec: {ports: [{port: 80, nodePort: 30080}]}",
        "default/web", "spec.ports[0].nodePort", "may not be used when `type` is 'ClusterIP'");
    rejected("apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
        + "spec: {externalTrafficPolicy: Local, ports: [{port: 80}]}",
        "default/web", "spec.externalTrafficPolicy", "may only be set when `type` is");
  }

  @Test
  void aNodePortOutsideTheDefaultRangeIsLegal() {
    ClusterService service = oneService("metadata: {name: web}\n"
        + "spec: {type: NodePort, clusterIP: 10.96.0.1, ports: [{port: 80, nodePort: 80}]}");
    assertThat(service.ports().get(0).nodePort()).isEqualTo(80);
  }

  @Test
  void allocatedFieldsMayBeAbsentAndAreNeverInvented() {
    ClusterService service = oneService("metadata: {name: web}\n"
        + "spec: {type: NodePort, ports: [{port: 80}]}");
    assertThat(service.clusterIPs()).isEmpty();
    assertThat(service.ports().get(0).nodePort()).isZero();
    assertThat(service.namespace()).isEqualTo("default");
    assertThat(service.ports().get(0).protocol()).isEqualTo(Protocol.TCP);
  }

  @Test
  void sessionAffinityDefaultsToKubeProxysThreeHours() {
    assertThat(oneService("metadata: {name: web}\n"
        + "spec: {sessionAffinity: ClientIP, ports: [{port: 80}]}")
        .sessionAffinityTimeoutSeconds()).isEqualTo(10800);
    rejected("apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
        + "spec: {sessionAffinity: ClientIP, sessionAffinityConfig: {clientIP:"
        + " {timeoutSeconds: 0}}, ports: [{port: 80}]}",
        "default/web", "spec.sessionAffinityConfig.clientIP.timeoutSeconds", "Invalid value: 0");
  }

  @Test
  void externalIpsAndSourceRangesMustParse() {
    rejected("apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
        + "spec: {externalIPs: [1.2.3.04], ports: [{port: 80}]}",
        "default/web", "spec.externalIPs[0]", "must be a valid IP address");
    rejected("apiVersion: v1\nkind: Service\nmetadata: {name: web}\n"
        + "spec: {type: LoadBalancer, loadBalancerSourceRanges: [10.0.0.0/33],"
        + " ports: [{port: 80}]}",
        "default/web", "spec.loadBalancerSourceRanges[0]", "must be a valid CIDR");
  }

  @Test
  void endpointSliceAddressesMustMatchTheAddressType() {
    rejected("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\n"
        + "metadata: {namespace: shop, name: web-abc, labels: {kubernetes.io/service-name: web}}\n"
        + "addressType: IPv4\nendpoints: [{addresses: [10.0.0.1]}, {addresses: [\"fd00::1\"]}]\n"
        + "ports: [{port: 80}]",
        "shop/web-abc", "endpoints[1].addresses[0]", "must be a valid IPv4 address");
    rejected("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\n"
        + "metadata: {namespace: shop, name: web-abc}\naddressType: IPv5\n",
        "shop/web-abc", "addressType", "Unsupported value: \"IPv5\"");
  }

  @Test
  void endpointSlicePortsAndConditionsAreDefaultedAsTheApiServerAndKubeProxyDo() {
    ClusterState state = KubernetesObjects.fromYaml("apiVersion: discovery.k8s.io/v1\n"
        + "kind: EndpointSlice\nmetadata: {name: s-1, labels: {kubernetes.io/service-name: s}}\n"
        + "addressType: IPv4\nendpoints: [{addresses: [10.0.0.1], hostname: pod-a,"
        + " targetRef: {kind: Pod, namespace: default, name: pod-a}}]\nports: [{port: 80}]\n");
    ServiceEndpointSlice slice = state.endpointSlices().get(0);
    assertThat(slice.ports()).containsExactly(new SlicePort("", Protocol.TCP, 80));
    SliceEndpoint endpoint = slice.endpoints().get(0);
    assertThat(endpoint.ready()).isTrue();
    assertThat(endpoint.serving()).isTrue();
    assertThat(endpoint.terminating()).isFalse();
    assertThat(endpoint.hostname()).isEqualTo("pod-a");
    assertThat(endpoint.targetRef()).isEqualTo(new ObjectReference("Pod", "default", "pod-a"));
  }

  @Test
  void otherKindsAreSkippedAndPodsKeepHostnameAndSubdomain() {
    ClusterState state = KubernetesObjects.fromYaml("apiVersion: v1\nkind: ConfigMap\n"
        + "metadata: {name: c}\n---\napiVersion: v1\nkind: Pod\n"
        + "metadata: {namespace: db, name: pg-0}\nspec: {hostname: pg-0, subdomain: pg,"
        + " containers: [{name: c, image: x}]}\n");
    assertThat(state.services()).isEmpty();
    assertThat(state.pods()).containsExactly(new PodIdentity("db", "pg-0", "pg-0", "pg"));
  }
}
