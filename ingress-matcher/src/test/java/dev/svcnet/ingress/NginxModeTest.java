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

/** ingress-nginx semantics: the locations it generates and what nginx does with them. */
class NginxModeTest {

  static RequestRouter router(SpecHostTest.Kind kind, List<IngressDefinition> ingresses) {
    return kind == SpecHostTest.Kind.COMPILED ? Routers.compile(ingresses, Controller.NGINX)
        : Routers.reference(ingresses, Controller.NGINX);
  }

  static String route(RequestRouter r, String host, String path) {
    return r.route(HttpRequest.get(host, path)).describe();
  }

  @ParameterizedTest
  @EnumSource(SpecHostTest.Kind.class)
  void prefixBecomesASlashTerminatedPrefixPlusAnExactLocation(SpecHostTest.Kind kind) {
    List<IngressDefinition> ingresses = List.of(ingress("a")
        .paths(on("h.com", prefix("/aaa", "aaa"))).build());
    assertThat(Routers.nginxConf(ingresses, "80"))
        .contains("location \"/aaa/\" {").contains("location = \"/aaa\" {");
    RequestRouter r = router(kind, ingresses);
    assertThat(route(r, "h.com", "/aaa")).isEqualTo("default/aaa:80");
    assertThat(route(r, "h.com", "/aaa/")).isEqualTo("default/aaa:80");
    assertThat(route(r, "h.com", "/aaa/cccc")).isEqualTo("default/aaa:80");
    assertThat(route(r, "h.com", "/aaacccc")).isEqualTo("404");
  }

  @ParameterizedTest
  @EnumSource(SpecHostTest.Kind.class)
  void implementationSpecificIsAPlainStringPrefix(SpecHostTest.Kind kind) {
    RequestRouter r = router(kind, List.of(ingress("a")
        .paths(on("h.com", specific("/foo", "foo"))).build()));
    assertThat(route(r, "h.com", "/foobar")).isEqualTo("default/foo:80");
    assertThat(route(r, "h.com", "/fo")).isEqualTo("404");
  }

  @ParameterizedTest
  @EnumSource(SpecHostTest.Kind.class)
  void useRegexOnAnyIngressOfAHostMakesEveryPathACaseInsensitiveRegex(SpecHostTest.Kind kind) {
    List<IngressDefinition> ingresses = List.of(
        ingress("plain", 1).paths(on("h.com", exact("/foo", "exact"))).build(),
        ingress("regex", 2).paths(on("h.com", specific("/id/[0-9]+", "id")))
            .nginx(true, null).build(),
        ingress("other", 3).paths(on("o.com", exact("/foo", "other"))).build());
    assertThat(Routers.nginxConf(ingresses, "80")).contains("location ~* \"^/foo\" {")
        .contains("location = \"/foo\" {");
    RequestRouter r = router(kind, ingresses);
    assertThat(route(r, "h.com", "/FOO/bar")).as("Exact lost its exactness")
        .isEqualTo("default/exact:80");
    assertThat(route(r, "h.com", "/id/1")).isEqualTo("default/id:80");
    assertThat(route(r, "h.com", "/id/123a")).isEqualTo("default/id:80");
    assertThat(route(r, "h.com", "/id/aaa")).isEqualTo("404");
    assertThat(route(r, "o.com", "/FOO")).as("other hosts keep exact locations")
        .isEqualTo("404");
  }

  @ParameterizedTest
  @EnumSource(SpecHostTest.Kind.class)
  void regexLocationsAreOrderedLongestFirstAsInTheIngressNginxDocs(SpecHostTest.Kind kind) {
    List<IngressDefinition> ingresses = List.of(
        ingress("ingress-1", 1).paths(on("test.com", specific("/foo/bar", "svc1")),
            on("test.com", specific("/foo/bar/", "svc2"))).build(),
        ingress("ingress-2", 2).paths(on("test.com", specific("/foo/bar/(.+)", "svc3")))
            .nginx(false, "/$1").build());
    String conf = Routers.nginxConf(ingresses, "80");
    assertThat(conf.indexOf("~* \"^/foo/bar/(.+)\"")).isLessThan(conf.indexOf("~* \"^/foo/bar/\""));
    assertThat(conf.indexOf("~* \"^/foo/bar/\"")).isLessThan(conf.indexOf("~* \"^/foo/bar\""));
    RequestRouter r = router(kind, ingresses);
    assertThat(route(r, "test.com", "/foo/bar/1")).isEqualTo("default/svc3:80");
    assertThat(route(r, "test.com", "/foo/bar/")).isEqualTo("default/svc2:80");
    assertThat(route(r, "test.com", "/foo/bar")).isEqualTo("default/svc1:80");
    assertThat(((RouteResult.RuleMatch) r.route(HttpRequest.get("test.com", "/foo/bar/1")))
        .forwardedPath()).isEqualTo("/1");
  }

  @ParameterizedTest
  @EnumSource(SpecHostTest.Kind.class)
  void aLongerRegexCapturesWhatAShorterLiteralMeant(SpecHostTest.Kind kind) {
    RequestRouter r = router(kind, List.of(ingress("a").paths(
        on("test.com", specific("/foo/bar/bar", "literal")),
        on("test.com", specific("/foo/bar/[A-Z0-9]{3}", "regex"))).nginx(true, null).build()));
    assertThat(route(r, "test.com", "/foo/bar/bar")).isEqualTo("default/regex:80");
  }

  @ParameterizedTest
  @EnumSource(SpecHostTest.Kind.class)
  void rewriteTargetReplacesTheUriWithTheCaptures(SpecHostTest.Kind kind) {
    RequestRouter r = router(kind, List.of(ingress("a").paths(
        on("h.com", specific("/something(/|$)(.*)", "svc"))).nginx(true, "/$2").build()));
    for (String[] c : new String[][] {{"/something", "/"}, {"/something/", "/"},
        {"/something/new", "/new"}}) {
      RouteResult result = r.route(HttpRequest.get("h.com", c[0]));
      assertThat(result).isInstanceOfSatisfying(RouteResult.RuleMatch.class,
          m -> assertThat(m.forwardedPath()).as(c[0]).isEqualTo(c[1]));
    }
  }

  @ParameterizedTest
  @EnumSource(SpecHostTest.Kind.class)
  void theOldestIngressWinsAConflictAndADifferentTypeCoexists(SpecHostTest.Kind kind) {
    List<IngressDefinition> ingresses = List.of(
        ingress("third", 3).paths(on("h.com", prefix("/exact", "third"))).build(),
        ingress("first", 1).paths(on("h.com", exact("/exact", "exact"))).build(),
        ingress("second", 2).paths(on("h.com", prefix("/exact", "prefix"))).build());
    assertThat(Routers.nginxConf(ingresses, "80")).contains("# dropped: default/third");
    RequestRouter r = router(kind, ingresses);
    assertThat(route(r, "h.com", "/exact")).isEqualTo("default/exact:80");
    assertThat(route(r, "h.com", "/exact/x")).isEqualTo("default/prefix:80");
  }

  @ParameterizedTest
  @EnumSource(SpecHostTest.Kind.class)
  void unmatchedPathsGoToTheIngressDefaultBackendElseTheControllers404(SpecHostTest.Kind kind) {
    RequestRouter r = router(kind, List.of(
        ingress("shop", 1).paths(on("shop.com", prefix("/cart", "cart"))).defaultBackend("home")
            .build(),
        ingress("blog", 2).paths(on("blog.com", prefix("/posts", "posts"))).build(),
        ingress("any", 3).paths(prefix("/", "any")).build()));
    assertThat(route(r, "shop.com", "/x")).isEqualTo("default-backend default/home:80");
    assertThat(route(r, "blog.com", "/x")).as("host-less rules do not serve a known host")
        .isEqualTo("404");
    assertThat(route(r, "unknown.com", "/x")).isEqualTo("default/any:80");
  }

  @ParameterizedTest
  @EnumSource(SpecHostTest.Kind.class)
  void nginxMatchesTheNormalizedUriButForwardsTheRawPath(SpecHostTest.Kind kind) {
    RequestRouter r = router(kind, List.of(ingress("a")
        .paths(on("h.com", exact("/a/b", "ab"))).build()));
    RouteResult result = r.route(HttpRequest.get("h.com", "//a/./c/../%62"));
    assertThat(result).isInstanceOfSatisfying(RouteResult.RuleMatch.class,
        m -> assertThat(m.forwardedPath()).isEqualTo("//a/./c/../%62"));
  }

  /**
   * ingress-fidelity: nginx's own 301 for proxying locations ending in '/' (location.go adds the
   * exact location for Prefix paths to avoid it; a path written with the slash still gets it).
   */
  @ParameterizedTest
  @EnumSource(SpecHostTest.Kind.class)
  void nginxRedirectsTheSlashlessUriOfALocationEndingInSlashUnlessAnExactLocationHasIt(
      SpecHostTest.Kind kind) {
    RequestRouter r = router(kind, List.of(ingress("a").paths(on("h.com",
        prefix("/aaa/bbb/", "p")), on("h.com", prefix("/foo", "f")),
        on("h.com", exact("/x/", "x")), on("h.com", specific("/imp/", "i"))).build()));
    assertThat(r.route(new HttpRequest("GET", "h.com", "/aaa/bbb", "q=1")))
        .isEqualTo(new RouteResult.Redirect(301, "/aaa/bbb/?q=1"));
    assertThat(route(r, "h.com", "/x")).isEqualTo("301 /x/");
    assertThat(route(r, "h.com", "/imp")).isEqualTo("301 /imp/");
    assertThat(route(r, "h.com", "//a/../imp")).as("the normalized URI is redirected")
        .isEqualTo("301 /imp/");
    assertThat(route(r, "h.com", "/foo")).as("Prefix /foo also has = /foo")
        .isEqualTo("default/f:80");
    assertThat(route(r, "h.com", "/aaa/bbb/")).isEqualTo("default/p:80");
  }

  /**
   * nginx's static location tree stops at a prefix location named exactly like the URI, so its
   * slash-ended sibling never redirects it (found by the conformance suite's
   * ingress.nginx-routing, seed 2: Exact /b/ next to ImplementationSpecific /b).
   */
  @ParameterizedTest
  @EnumSource(SpecHostTest.Kind.class)
  void aPrefixLocationNamedLikeTheUriServesItInsteadOfTheSlashRedirect(
      SpecHostTest.Kind kind) {
    RequestRouter r = router(kind, List.of(ingress("a").paths(on("h.com",
        exact("/b/", "slash")), on("h.com", specific("/b", "plain"))).build()));
    assertThat(route(r, "h.com", "/b")).isEqualTo("default/plain:80");
    assertThat(route(r, "h.com", "/b/")).isEqualTo("default/slash:80");
  }

  @ParameterizedTest
  @EnumSource(SpecHostTest.Kind.class)
  void nginxAnswers400ForBadEscapesDotDotAboveTheRootAndDotDotInTheHost(
      SpecHostTest.Kind kind) {
    RequestRouter r = router(kind, List.of(ingress("a")
        .paths(on("h.com", prefix("/", "root"))).build()));
    assertThat(route(r, "h.com", "/a%zz")).isEqualTo("400 ('%' not followed by two hex digits)");
    assertThat(route(r, "h.com", "/a%00")).isEqualTo("400 (%00 in the path)");
    assertThat(route(r, "h.com", "/../a")).isEqualTo("400 ('..' above the root)");
    assertThat(route(r, "h..com", "/a")).isEqualTo("400 ('..' in the Host)");
    assertThat(route(r, "h.com", "/a%41")).isEqualTo("default/root:80");
  }

  @ParameterizedTest
  @EnumSource(SpecHostTest.Kind.class)
  void wildcardServersMatchOneLabel(SpecHostTest.Kind kind) {
    RequestRouter r = router(kind, List.of(ingress("a")
        .paths(on("*.foo.com", prefix("/", "wild"))).build()));
    assertThat(route(r, "Bar.FOO.com:81", "/")).isEqualTo("default/wild:80");
    assertThat(route(r, "a.bar.foo.com", "/")).isEqualTo("404");
  }

  @ParameterizedTest
  @EnumSource(SpecHostTest.Kind.class)
  void explainNamesTheLocationThatWonAndWhyOthersLost(SpecHostTest.Kind kind) {
    RequestRouter r = router(kind, List.of(ingress("a")
        .paths(on("h.com", prefix("/api", "api")), on("h.com", exact("/api/v1", "v1"))).build()));
    Explanation e = r.explain(HttpRequest.get("h.com", "/api/v1"));
    assertThat(e.result().describe()).isEqualTo("default/v1:80");
    assertThat(e.candidates()).extracting(Candidate::toString).contains(
        "* location = \"/api/v1\" <- default/a spec.rules[0].http.paths[1] (host h.com, Exact"
            + " /api/v1): selected: exact match",
        "  location \"/api/\" <- default/a spec.rules[0].http.paths[0] (host h.com, Prefix"
            + " /api): an exact location matched first",
        "  location = \"/api\" <- default/a spec.rules[0].http.paths[0] (host h.com, Prefix"
            + " /api): does not match /api/v1");
  }
}
