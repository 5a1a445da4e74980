package dev.svcnet.cli.ingress;

import dev.svcnet.cli.CliRun;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngressCommandTest {

  static final String SHOP = """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: shop
        namespace: web
        creationTimestamp: "2026-01-01T00:00:00Z"
      spec:
        ingressClassName: nginx
        defaultBackend:
          service: {name: home, port: {number: 8080}}
        rules:
        - host: shop.example.com
          http:
            paths:
            - {path: /cart, pathType: Prefix, backend: {service: {name: cart, port: {number: 80}}}}
            - {path: /cart/checkout, pathType: Exact,
               backend: {service: {name: checkout, port: {name: http}}}}
      ---
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: legacy
        namespace: web
        annotations: {kubernetes.io/ingress.class: traefik}
      spec:
        rules:
        - http:
            paths:
            - {path: /old, pathType: ImplementationSpecific,
               backend: {service: {name: old, port: {number: 80}}}}
      """;

  @TempDir
  Path dir;
  Path shop;

  @BeforeEach
  void writeManifests() throws IOException {
    shop = Files.writeString(dir.resolve("shop.yaml"), SHOP);
  }

  @Test
  void routePrintsOneLinePerRequest() {
    CliRun run = CliRun.of("ingress", "route", shop.toString(),
        "--request=shop.example.com/cart/items", "--request=GET Shop.Example.com:443/cart/checkout",
        "--request=shop.example.com/about", "--request=other.org/old/x?q=1",
        "--request=other.org/new");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("""
        shop.example.com/cart/items -> web/cart:80
        Shop.Example.com:443/cart/checkout -> web/checkout:http
        shop.example.com/about -> default-backend web/home:8080
        other.org/old/x?q=1 -> web/old:80
        other.org/new -> default-backend web/home:8080
        """);
  }

  @Test
  void ingressClassSelectsWhichIngressesRoute() {
    CliRun run = CliRun.of("ingress", "route", "--ingress-class=nginx",
        shop.toString(), "--request=other.org/old");
    assertThat(run.out()).isEqualTo("other.org/old -> default-backend web/home:8080\n");
  }

  @Test
  void nginxControllerTreatsImplementationSpecificAsAStringPrefix() {
    CliRun run = CliRun.of("ingress", "route", "--controller=nginx",
        shop.toString(), "--request=x.org/oldest", "--request=shop.example.com/about");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("""
        x.org/oldest -> web/old:80
        shop.example.com/about -> default-backend web/home:8080
        """);
  }

  @Test
  void nginxControllerPrintsNginxsOwnRedirectsAndBadRequests() throws IOException {
    Path slash = Files.writeString(dir.resolve("slash.yaml"), """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: docs, namespace: web}
        spec:
          rules:
          - host: docs.example.com
            http:
              paths:
              - {path: /guide/, pathType: Prefix, backend: {service: {name: guide, port: {number: 80}}}}
        """);
    CliRun run = CliRun.of("ingress", "route", "--controller=nginx", slash.toString(),
        "--request=docs.example.com/guide?page=2", "--request=docs.example.com/guide/%zz");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("""
        docs.example.com/guide?page=2 -> 301 /guide/?page=2
        docs.example.com/guide/%zz -> 400 ('%' not followed by two hex digits)
        """);
  }

  @Test
  void explainListsCandidates() {
    CliRun run = CliRun.of("ingress", "route", shop.toString(), "--explain",
        "--request=shop.example.com/cart/checkout");
    assertThat(run.out()).startsWith("shop.example.com/cart/checkout -> web/checkout:http\n")
        .contains("* web/shop spec.rules[0].http.paths[1] (host shop.example.com, Exact"
            + " /cart/checkout): selected")
        .contains("  web/shop spec.rules[0].http.paths[0] (host shop.example.com, Prefix /cart):"
            + " matches, but a longer path wins");
  }

  @Test
  void validateReportsEachFieldAndExits1() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: bad}
        spec:
          rules:
          - host: "*"
            http:
              paths:
              - {path: foo, pathType: Exact, backend: {service: {name: a, port: {number: 0}}}}
        """);
    CliRun run = CliRun.of("ingress", "validate", shop.toString(), bad.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains(bad + ": Ingress default/bad: spec.rules[0].host: Invalid value: \"*\": a"
            + " wildcard DNS-1123 subdomain must start with '*.'")
        .contains(bad + ": Ingress default/bad: spec.rules[0].http.paths[0].path: Invalid"
            + " value: \"foo\": must be an absolute path")
        .contains(bad + ": Ingress default/bad: spec.rules[0].http.paths[0].backend: Required"
            + " value: port name or number is required")
        .endsWith("3 objects checked, 1 invalid\n");
  }

  @Test
  void validateExits0ForValidFiles() {
    CliRun run = CliRun.of("ingress", "validate", shop.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("2 objects checked, 0 invalid\n");
  }

  @Test
  void nginxConfAnswersWithBackendNames() {
    CliRun run = CliRun.of("ingress", "nginx-conf", "--listen=127.0.0.1:8080",
        shop.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("listen 127.0.0.1:8080;\n    server_name shop.example.com;")
        .contains("location \"/cart/\" {").contains("location = \"/cart\" {")
        .contains("return 200 \"web/cart:80\\n\";")
        .contains("return 200 \"default-backend web/home:8080\\n\";")
        .contains("server_name _;");
  }

  @Test
  void anInvalidIngressIsABadInputNamingFileObjectAndField() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: bad, namespace: ns}
        spec:
          rules:
          - http:
              paths:
              - {path: /a//b, pathType: Prefix, backend: {service: {name: a, port: {number: 1}}}}
        """);
    CliRun run = CliRun.of("ingress", "route", bad.toString(), "--request=h/");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(bad + ": Ingress ns/bad: spec.rules[0].http.paths[0].path:"
        + " Invalid value: \"/a//b\": must not contain '//'");
  }

  @Test
  void gatewayControllerRoutesHttpRoutesWithHeaders() throws IOException {
    Path routes = Files.writeString(dir.resolve("routes.yaml"), """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: store, namespace: gw}
        spec:
          hostnames: ["*.example.com"]
          rules:
          - matches: [{path: {type: PathPrefix, value: /}}]
            backendRefs: [{name: stable, port: 80}]
          - matches: [{headers: [{name: X-Canary, value: "yes"}]}]
            backendRefs: [{name: v1, port: 80, weight: 90}, {name: v2, port: 80, weight: 10}]
        """);
    CliRun run = CliRun.of("ingress", "route", "--controller=gateway",
        routes.toString(), "--request=a.b.example.com/x", "--header=x-canary: yes");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(
        "a.b.example.com/x -> gw/v1:80 (weight 90), gw/v2:80 (weight 10)\n");
    CliRun plain = CliRun.of("ingress", "route", "--controller=gateway",
        routes.toString(), "--request=a.example.com/x", "--request=example.com/");
    assertThat(plain.out()).isEqualTo("a.example.com/x -> gw/stable:80\nexample.com/ -> 404\n");
  }

  @Test
  void gatewayControllerPrintsWhatTheBackendSeesAfterFiltersAndRedirects() throws IOException {
    Path routes = Files.writeString(dir.resolve("filters.yaml"), """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: store, namespace: gw}
        spec:
          rules:
          - matches: [{path: {type: PathPrefix, value: /api}}]
            filters:
            - type: URLRewrite
              urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /v2}}
            - type: RequestHeaderModifier
              requestHeaderModifier: {set: [{name: X-Via, value: gw}]}
            backendRefs: [{name: api, port: 80}]
          - matches: [{path: {type: PathPrefix, value: /old}}]
            filters:
            - type: RequestRedirect
              requestRedirect: {scheme: https, statusCode: 301}
        """);
    CliRun run = CliRun.of("ingress", "route", "--controller=gateway", routes.toString(),
        "--request=shop.example/api/items?page=2", "--request=shop.example/old/x");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("""
        shop.example/api/items?page=2 -> gw/api:80 [filters: URLRewrite, RequestHeaderModifier]
          => gw/api:80 sees shop.example/v2/items?page=2 {x-via=gw}
        shop.example/old/x -> redirect [filters: RequestRedirect]
          => 301 https://shop.example/old/x
        """);
  }

  @Test
  void badArgumentsExit2NamingTheArgument() {
    CliRun missing = CliRun.of("ingress", "route", dir.resolve("nope.yaml")
        .toString(), "--request=h/");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.yaml: no such file");

    CliRun controller = CliRun.of("ingress", "route", "--controller=envoy",
        shop.toString(), "--request=h/");
    assertThat(controller.exitCode()).isEqualTo(2);
    assertThat(controller.err()).contains("--controller: unknown controller 'envoy', expected"
        + " spec, nginx or gateway");

    CliRun request = CliRun.of("ingress", "route", shop.toString(),
        "--request=get h/");
    assertThat(request.exitCode()).isEqualTo(2);
    assertThat(request.err()).contains("--request: 'get h/': method must be upper-case");

    CliRun header = CliRun.of("ingress", "route", shop.toString(),
        "--request=h/", "--header=nocolon");
    assertThat(header.exitCode()).isEqualTo(2);
    assertThat(header.err()).contains("--header: expected NAME:VALUE, got 'nocolon'");

    CliRun noCommand = CliRun.of("ingress");
    assertThat(noCommand.exitCode()).isEqualTo(2);
    assertThat(noCommand.err()).contains("Missing command: route, validate or nginx-conf");
  }
}
