package dev.svcnet.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gateway API HTTPRoute matching and precedence, from manifests. */
class GatewayHttpRouteTest {

  static HttpRouteDefinition route(String yaml) {
    return HttpRouteDefinitions.from(Serialization.unmarshal(yaml, HTTPRoute.class));
  }

  static HttpRouteDefinition route(String name, String created, String hostnames,
      String rules) {
    return route("""
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: %s, namespace: gw, creationTimestamp: "%s"}
        spec:
          hostnames: %s
          rules: %s
        """.formatted(name, created, hostnames, rules));
  }

  static String go(HttpRouteRouter router, HttpRequest request) {
    return router.route(request).describe();
  }

  static final String T1 = "2026-01-01T00:00:00Z";
  static final String T2 = "2026-01-02T00:00:00Z";

  @Test
  void exactPathBeatsTheLongestPrefixWhichBeatsShorterPrefixes() {
    HttpRouteRouter r = HttpRouteRouter.of(List.of(route("a", T1, "[]", """
        [{matches: [{path: {type: PathPrefix, value: /}}], backendRefs: [{name: root, port: 80}]},
         {matches: [{path: {type: PathPrefix, value: /api/}}], backendRefs: [{name: api, port: 80}]},
         {matches: [{path: {type: Exact, value: /api}}], backendRefs: [{name: exact, port: 80}]}]
        """)), null);
    assertThat(go(r, HttpRequest.get("h", "/api"))).isEqualTo("gw/exact:80");
    assertThat(go(r, HttpRequest.get("h", "/api/x"))).isEqualTo("gw/api:80");
    assertThat(go(r, HttpRequest.get("h", "/apix"))).isEqualTo("gw/root:80");
  }

  @Test
  void methodThenHeaderCountThenQueryCountBreakTies() {
    HttpRouteRouter r = HttpRouteRouter.of(List.of(route("a", T1, "[]", """
        [{matches: [{path: {value: /p}}], backendRefs: [{name: plain, port: 80}]},
         {matches: [{path: {value: /p}, queryParams: [{name: q, value: "1"}]}],
          backendRefs: [{name: query, port: 80}]},
         {matches: [{path: {value: /p}, headers: [{name: X-Env, value: canary}]}],
          backendRefs: [{name: header, port: 80}]},
         {matches: [{path: {value: /p}, method: POST}], backendRefs: [{name: post, port: 80}]}]
        """)), null);
    HttpRequest base = HttpRequest.get("h", "/p");
    assertThat(go(r, base)).isEqualTo("gw/plain:80");
    assertThat(go(r, new HttpRequest("GET", "h", "/p", "q=1"))).isEqualTo("gw/query:80");
    assertThat(go(r, new HttpRequest("GET", "h", "/p", "q=1").withHeader("x-ENV", "canary")))
        .as("header names compare case-insensitively; a header match outranks a query match")
        .isEqualTo("gw/header:80");
    assertThat(go(r, new HttpRequest("POST", "h", "/p", "q=1").withHeader("X-Env", "canary")))
        .isEqualTo("gw/post:80");
  }

  @Test
  void olderRouteThenNamespaceNameThenRuleOrderBreakRemainingTies() {
    String rules = "[{backendRefs: [{name: %s, port: 80}]}, {backendRefs: [{name: second,"
        + " port: 80}]}]";
    HttpRouteRouter r = HttpRouteRouter.of(List.of(
        route("b", T1, "[]", rules.formatted("b")),
        route("young", T2, "[]", rules.formatted("young")),
        route("a", T1, "[]", rules.formatted("a"))), null);
    assertThat(go(r, HttpRequest.get("h", "/"))).isEqualTo("gw/a:80");
  }

  @Test
  void wildcardHostnamesMatchAnyNumberOfLabelsAndExactHostnamesWin() {
    HttpRouteRouter r = HttpRouteRouter.of(List.of(
        route("wild", T1, "['*.example.com']", "[{backendRefs: [{name: wild, port: 80}]}]"),
        route("exact", T2, "[test.example.com]", """
            [{matches: [{path: {type: PathPrefix, value: /only}}],
              backendRefs: [{name: exact, port: 80}]}]""")), null);
    assertThat(go(r, HttpRequest.get("foo.test.example.com", "/"))).isEqualTo("gw/wild:80");
    assertThat(go(r, HttpRequest.get("Test.Example.com:1234", "/only/x")))
        .as("port ignored, the exact hostname's route first").isEqualTo("gw/exact:80");
    assertThat(go(r, HttpRequest.get("test.example.com", "/x")))
        .as("then the wildcard route's rules").isEqualTo("gw/wild:80");
    assertThat(go(r, HttpRequest.get("example.com", "/"))).isEqualTo("404");
  }

  @Test
  void routesWhoseHostnamesMissTheListenerAreNotAttached() {
    HttpRouteRouter r = HttpRouteRouter.of(List.of(
        route("net", T1, "[test.example.net]", "[{backendRefs: [{name: net, port: 80}]}]"),
        route("com", T1, "['*.example.com', test.example.net]",
            "[{backendRefs: [{name: com, port: 80}]}]")), "*.example.com");
    assertThat(go(r, HttpRequest.get("a.example.com", "/"))).isEqualTo("gw/com:80");
    assertThat(go(r, HttpRequest.get("test.example.net", "/"))).isEqualTo("404");
    assertThat(r.explain(HttpRequest.get("a.example.com", "/"))).extracting(Candidate::toString)
        .contains("  HTTPRoute gw/net: no hostname intersects listener hostname *.example.com"
            + " (not Accepted): route not attached");
  }

  @Test
  void weightedBackendsAndFiltersAreReported() {
    HttpRouteRouter r = HttpRouteRouter.of(List.of(route("a", T1, "[]", """
        [{matches: [{path: {value: /app}}],
          backendRefs: [{name: v1, port: 80, weight: 90}, {name: v2, port: 80, weight: 10}],
          filters: [{type: RequestHeaderModifier, requestHeaderModifier: {add: [{name: x, value: y}]}}]},
         {matches: [{path: {type: RegularExpression, value: "/id/[0-9]+"}}]}]
        """)), null);
    assertThat(go(r, HttpRequest.get("h", "/app/x"))).isEqualTo(
        "gw/v1:80 (weight 90), gw/v2:80 (weight 10) [filters: RequestHeaderModifier]");
    assertThat(go(r, HttpRequest.get("h", "/id/42"))).as("regex is a whole-path RE2 match")
        .isEqualTo("500 (no backendRefs)");
    assertThat(go(r, HttpRequest.get("h", "/id/42/x"))).isEqualTo("404");
  }

  @Test
  void headerRegexIsRe2AndHostileInputStaysLinear() {
    HttpRouteRouter r = HttpRouteRouter.of(List.of(route("a", T1, "[]", """
        [{matches: [{headers: [{name: x, type: RegularExpression, value: "(a+)+$"}]}],
          backendRefs: [{name: re, port: 80}]}]
        """)), null);
    String hostile = "a".repeat(50_000) + "!";
    long start = System.nanoTime();
    assertThat(go(r, HttpRequest.get("h", "/").withHeader("x", hostile))).isEqualTo("404");
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
  }

  @Test
  void pathValidationReportsTheCelMessages() {
    assertThatThrownBy(() -> route("bad", T1, "[]", """
        [{matches: [{path: {type: PathPrefix, value: "/a//b#c"}}, {path: {type: Exact, value: x}},
                    {path: {type: Glob, value: /}}]}]
        """)).isInstanceOfSatisfying(InvalidIngressException.class, e ->
        assertThat(e.errors()).extracting(FieldError::message).containsExactly(
            "spec.rules[0].matches[0].path.value: Invalid value: \"/a//b#c\": must not contain"
                + " '//' when type one of ['Exact', 'PathPrefix']",
            "spec.rules[0].matches[0].path.value: Invalid value: \"/a//b#c\": must not contain"
                + " '#' when type one of ['Exact', 'PathPrefix']",
            "spec.rules[0].matches[0].path.value: Invalid value: \"/a//b#c\": must only contain"
                + " valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]"
                + "{2})+$) when type one of ['Exact', 'PathPrefix']",
            "spec.rules[0].matches[1].path.value: Invalid value: \"x\": value must be an"
                + " absolute path and start with '/' when type one of ['Exact', 'PathPrefix']",
            "spec.rules[0].matches[2].path.type: Invalid value: \"Glob\": type must be one of"
                + " ['Exact', 'PathPrefix', 'RegularExpression']"));
  }
}
