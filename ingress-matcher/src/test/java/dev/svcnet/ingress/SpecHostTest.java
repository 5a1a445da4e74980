package dev.svcnet.ingress;

import static dev.svcnet.ingress.Fixtures.ingress;
import static dev.svcnet.ingress.Fixtures.on;
import static dev.svcnet.ingress.Fixtures.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Host matching in spec mode, including the documentation's wildcard table. */
class SpecHostTest {

  enum Kind { COMPILED, REFERENCE }

  static RequestRouter router(Kind kind, List<IngressDefinition> ingresses) {
    return kind == Kind.COMPILED ? Routers.compile(ingresses, Controller.SPEC)
        : Routers.reference(ingresses, Controller.SPEC);
  }

  static final List<IngressDefinition> WILDCARD = List.of(ingress("wild")
      .paths(on("*.foo.com", prefix("/", "wild"))).build());

  @ParameterizedTest(name = "{0}: *.foo.com with Host {1} -> {2}")
  @CsvSource({
      "COMPILED, bar.foo.com, default/wild:80",
      "COMPILED, baz.bar.foo.com, 404",
      "COMPILED, foo.com, 404",
      "REFERENCE, bar.foo.com, default/wild:80",
      "REFERENCE, baz.bar.foo.com, 404",
      "REFERENCE, foo.com, 404"})
  void wildcardCoversExactlyOneLabelAsInTheDocsTable(Kind kind, String host, String expected) {
    assertThat(router(kind, WILDCARD).route(HttpRequest.get(host, "/")).describe())
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}: Host {1}")
  @CsvSource({
      "COMPILED, Foo.Bar.COM", "COMPILED, foo.bar.com:8080", "COMPILED, foo.bar.com.",
      "COMPILED, FOO.bar.com.:443", "REFERENCE, Foo.Bar.COM", "REFERENCE, foo.bar.com:8080",
      "REFERENCE, foo.bar.com.", "REFERENCE, FOO.bar.com.:443"})
  void hostIsComparedCaseInsensitivelyIgnoringPortAndOneTrailingDot(Kind kind, String host) {
    List<IngressDefinition> ingresses = List.of(ingress("exact")
        .paths(on("foo.bar.com", prefix("/", "exact"))).build());
    assertThat(router(kind, ingresses).route(HttpRequest.get(host, "/x")).describe())
        .isEqualTo("default/exact:80");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void exactHostBeatsWildcardWhichBeatsHostlessRules(Kind kind) {
    List<IngressDefinition> ingresses = List.of(ingress("a").paths(
        on("api.foo.com", prefix("/", "exact")),
        on("*.foo.com", prefix("/", "wild")),
        prefix("/", "any")).build());
    RequestRouter r = router(kind, ingresses);
    assertThat(r.route(HttpRequest.get("api.foo.com", "/")).describe())
        .isEqualTo("default/exact:80");
    assertThat(r.route(HttpRequest.get("www.foo.com", "/")).describe())
        .isEqualTo("default/wild:80");
    assertThat(r.route(HttpRequest.get("other.org", "/")).describe())
        .isEqualTo("default/any:80");
    assertThat(r.route(HttpRequest.get("", "/")).describe())
        .as("a request without Host").isEqualTo("default/any:80");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aKnownHostDoesNotFallThroughToHostlessRules(Kind kind) {
    List<IngressDefinition> ingresses = List.of(ingress("a").paths(
        on("foo.com", prefix("/api", "api")), prefix("/", "any")).defaultBackend("def").build());
    assertThat(router(kind, ingresses).route(HttpRequest.get("foo.com", "/web")).describe())
        .isEqualTo("default-backend default/def:80");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aHostWithoutHttpRoutesOnlyToTheDefaultBackend(Kind kind) {
    List<IngressDefinition> ingresses = List.of(
        ingress("a", 1).hostWithoutHttp("foo.com").defaultBackend("mine").build(),
        ingress("b", 2).paths(prefix("/", "any")).build());
    assertThat(router(kind, ingresses).route(HttpRequest.get("foo.com", "/x")).describe())
        .isEqualTo("default-backend default/mine:80");
  }
}
