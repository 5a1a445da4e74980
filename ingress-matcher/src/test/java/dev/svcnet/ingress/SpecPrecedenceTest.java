package dev.svcnet.ingress;

import static dev.svcnet.ingress.Fixtures.exact;
import static dev.svcnet.ingress.Fixtures.ingress;
import static dev.svcnet.ingress.Fixtures.on;
import static dev.svcnet.ingress.Fixtures.prefix;
import static dev.svcnet.ingress.Fixtures.specific;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Precedence, merging across Ingresses and default backends in spec mode. */
class SpecPrecedenceTest {

  static RequestRouter router(SpecHostTest.Kind kind, List<IngressDefinition> ingresses) {
    return SpecHostTest.router(kind, ingresses);
  }

  @ParameterizedTest
  @EnumSource(SpecHostTest.Kind.class)
  void prefixMatchesWholeSegmentsOnly(SpecHostTest.Kind kind) {
    RequestRouter r = router(kind, List.of(ingress("a").paths(prefix("/foo/bar", "bar"))
        .build()));
    assertThat(r.route(HttpRequest.get("h", "/foo/bar/baz")).describe())
        .isEqualTo("default/bar:80");
    assertThat(r.route(HttpRequest.get("h", "/foo/barbaz")).describe()).isEqualTo("404");
  }

  @ParameterizedTest
  @EnumSource(SpecHostTest.Kind.class)
  void longerRawPathWinsEvenAPrefixOverAnExactOfTheSameSegments(SpecHostTest.Kind kind) {
    RequestRouter r = router(kind, List.of(ingress("a").paths(
        exact("/foo", "exact"), prefix("/foo/", "prefix")).build()));
    assertThat(r.route(HttpRequest.get("h", "/foo")).describe())
        .as("spec-literal: /foo/ (5 characters) is longer than /foo (4)")
        .isEqualTo("default/prefix:80");
  }

  @ParameterizedTest
  @EnumSource(SpecHostTest.Kind.class)
  void implementationSpecificReadsAsPrefixAndLosesTiesToPrefix(SpecHostTest.Kind kind) {
    RequestRouter r = router(kind, List.of(ingress("a").paths(
        specific("/api", "specific"), prefix("/api", "prefix"), specific("/web", "web")).build()));
    assertThat(r.route(HttpRequest.get("h", "/api/x")).describe()).isEqualTo("default/prefix:80");
    assertThat(r.route(HttpRequest.get("h", "/web/x")).describe()).isEqualTo("default/web:80");
    assertThat(r.route(HttpRequest.get("h", "/webx")).describe()).isEqualTo("404");
  }

  @ParameterizedTest
  @EnumSource(SpecHostTest.Kind.class)
  void ingressesForOneHostMergeAndTheOlderWinsATie(SpecHostTest.Kind kind) {
    RequestRouter r = router(kind, List.of(
        ingress("young", 20).paths(on("h.com", prefix("/api", "young")),
            on("h.com", prefix("/img", "img"))).build(),
        ingress("old", 10).paths(on("h.com", prefix("/api", "old"))).build()));
    assertThat(r.route(HttpRequest.get("h.com", "/api")).describe()).isEqualTo("default/old:80");
    assertThat(r.route(HttpRequest.get("h.com", "/img/1")).describe())
        .isEqualTo("default/img:80");
  }

  @ParameterizedTest
  @EnumSource(SpecHostTest.Kind.class)
  void equalTimestampsAreOrderedByNamespaceAndName(SpecHostTest.Kind kind) {
    RequestRouter r = router(kind, List.of(
        ingress("b", 5).paths(prefix("/", "b")).build(),
        ingress("a", 5).paths(prefix("/", "a")).build()));
    assertThat(r.route(HttpRequest.get("h", "/")).describe()).isEqualTo("default/a:80");
  }

  @ParameterizedTest
  @EnumSource(SpecHostTest.Kind.class)
  void unmatchedRequestsGoToTheHostsOwnDefaultBackendElseTheOldestElse404(
      SpecHostTest.Kind kind) {
    RequestRouter r = router(kind, List.of(
        ingress("global", 1).defaultBackend("global").build(),
        ingress("shop", 2).paths(on("shop.com", prefix("/cart", "cart")))
            .defaultBackend("shop-home").build(),
        ingress("blog", 3).paths(on("blog.com", prefix("/posts", "posts"))).build()));
    assertThat(r.route(HttpRequest.get("shop.com", "/x")).describe())
        .isEqualTo("default-backend default/shop-home:80");
    assertThat(r.route(HttpRequest.get("blog.com", "/x")).describe())
        .isEqualTo("default-backend default/global:80");
    assertThat(r.route(HttpRequest.get("unknown.org", "/")).describe())
        .isEqualTo("default-backend default/global:80");
    RequestRouter none = router(kind, List.of(ingress("blog", 3)
        .paths(on("blog.com", prefix("/posts", "posts"))).build()));
    assertThat(none.route(HttpRequest.get("blog.com", "/x"))).isInstanceOf(
        RouteResult.NotFound.class);
  }

  @ParameterizedTest
  @EnumSource(SpecHostTest.Kind.class)
  void explainListsEveryCandidateAndWhyItLost(SpecHostTest.Kind kind) {
    RequestRouter r = router(kind, List.of(ingress("a").paths(
        on("h.com", prefix("/", "root")), on("h.com", prefix("/api", "api")),
        on("h.com", exact("/api/v1", "v1")), on("other.com", prefix("/", "other"))).build()));
    Explanation e = r.explain(HttpRequest.get("h.com", "/api/v2"));
    assertThat(e.result().describe()).isEqualTo("default/api:80");
    assertThat(e.candidates()).extracting(Candidate::toString).containsExactly(
        "  default/a spec.rules[0].http.paths[0] (host h.com, Prefix /): matches, but a longer"
            + " path wins (/api has 4 characters, 1 here)",
        "* default/a spec.rules[0].http.paths[1] (host h.com, Prefix /api): selected: the"
            + " longest matching path",
        "  default/a spec.rules[0].http.paths[2] (host h.com, Exact /api/v1): path /api/v2 does"
            + " not match",
        "  default/a spec.rules[1].http.paths[0] (host other.com, Prefix /): request host"
            + " 'h.com' is served by rules for host h.com");
  }
}
