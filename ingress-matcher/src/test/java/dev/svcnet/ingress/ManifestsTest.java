package dev.svcnet.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsTest {

  @TempDir
  Path dir;

  static final String TWO_DOCUMENTS = """
      apiVersion: networking.k8s.io/v1
      kind: IngressClass
      metadata:
        name: nginx
        annotations:
          ingressclass.kubernetes.io/is-default-class: "true"
      spec:
        controller: k8s.io/ingress-nginx
      ---
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: web
        namespace: shop
        creationTimestamp: "2026-01-02T03:04:05Z"
      spec:
        defaultBackend:
          service: {name: fallback, port: {number: 8080}}
        rules:
        - host: shop.example.com
          http:
            paths:
            - path: /cart
              pathType: Prefix
              backend:
                service: {name: cart, port: {name: http}}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: other}
      """;

  @Test
  void multiDocumentYamlYieldsIngressesAndClassesAndSkipsOtherKinds() throws IOException {
    Path file = Files.writeString(dir.resolve("all.yaml"), TWO_DOCUMENTS);
    Manifests m = Manifests.read(List.of(file));
    assertThat(m.ingresses()).hasSize(1);
    assertThat(m.ingressClasses()).hasSize(1);
    assertThat(m.ignored()).isEqualTo(1);
    IngressDefinition d = IngressDefinitions.from(m.ingresses().get(0));
    assertThat(d.ref().toString()).isEqualTo("shop/web");
    assertThat(d.ref().created()).hasToString("2026-01-02T03:04:05Z");
    assertThat(d.rules()).singleElement().satisfies(r -> {
      assertThat(r.host()).isEqualTo("shop.example.com");
      assertThat(r.backend().describe()).isEqualTo("shop/cart:http");
    });
    assertThat(d.defaultBackend().orElseThrow().describe()).isEqualTo("shop/fallback:8080");
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> Manifests.read(List.of(missing)))
        .isInstanceOf(ManifestException.class).hasMessageContaining("nope.yaml: no such file");
  }

  @Test
  void garbageIsReportedWithItsFile() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.yaml"), "kind: [unclosed\n");
    assertThatThrownBy(() -> Manifests.read(List.of(file)))
        .isInstanceOf(ManifestException.class).hasMessageContaining("bad.yaml: ");
  }
}
