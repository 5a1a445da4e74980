package dev.svcnet.ingress;

import static dev.svcnet.ingress.GatewayHttpRouteTest.T1;
import static dev.svcnet.ingress.GatewayHttpRouteTest.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Gateway API filters applied: what the backend sees, or the redirect. Cases from the API's
 * own documentation (httproute_types.go: HTTPHeaderFilter, HTTPPathModifier's table,
 * HTTPRequestRedirectFilter's port rules) and the CEL rules on HTTPRouteRule.
 */
class GatewayFiltersTest {

  static List<GatewayOutcome> apply(String rules, HttpRequest request) {
    HttpRouteRouter router = HttpRouteRouter.of(List.of(route("r", T1, "[]", rules)), null);
    GatewayRouteResult result = router.route(request);
    assertThat(result).isInstanceOf(GatewayRouteResult.Matched.class);
    return ((GatewayRouteResult.Matched) result).apply(request);
  }

  static GatewayOutcome.Forwarded forwarded(String rules, HttpRequest request) {
    List<GatewayOutcome> out = apply(rules, request);
    assertThat(out).hasSize(1).first().isInstanceOf(GatewayOutcome.Forwarded.class);
    return (GatewayOutcome.Forwarded) out.get(0);
  }

  static GatewayOutcome.Redirected redirected(String rules, HttpRequest request) {
    List<GatewayOutcome> out = apply(rules, request);
    assertThat(out).hasSize(1).first().isInstanceOf(GatewayOutcome.Redirected.class);
    return (GatewayOutcome.Redirected) out.get(0);
  }

  /** HTTPPathModifier.ReplacePrefixMatch: the spec's table, every row, through URLRewrite. */
  @ParameterizedTest(name = "{0} with prefix {1} and replacement ''{2}'' -> {3}")
  @CsvSource(delimiter = '|', value = {
      "/foo/bar | /foo  | /xyz  | /xyz/bar",
      "/foo/bar | /foo  | /xyz/ | /xyz/bar",
      "/foo/bar | /foo/ | /xyz  | /xyz/bar",
      "/foo/bar | /foo/ | /xyz/ | /xyz/bar",
      "/foo     | /foo  | /xyz  | /xyz",
      "/foo/    | /foo  | /xyz  | /xyz/",
      "/foo/bar | /foo  | ''    | /bar",
      "/foo/    | /foo  | ''    | /",
      "/foo     | /foo  | ''    | /",
      "/foo/    | /foo  | /     | /",
      "/foo     | /foo  | /     | /"})
  void replacePrefixMatchFollowsTheSpecTable(String path, String prefix, String replacement,
      String modified) {
    String rules = """
        [{matches: [{path: {type: PathPrefix, value: "%s"}}],
          filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch,
            replacePrefixMatch: "%s"}}}],
          backendRefs: [{name: app, port: 80}]}]
        """.formatted(prefix, replacement);
    assertThat(forwarded(rules, HttpRequest.get("h", path)).path()).isEqualTo(modified);
  }

  @Test
  void replacePrefixMatchOnTheRootPrefixPutsTheReplacementInFront() {
    String rules = """
        [{filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch,
            replacePrefixMatch: /v2}}}], backendRefs: [{name: app, port: 80}]}]
        """;
    assertThat(forwarded(rules, HttpRequest.get("h", "/a/b")).path()).isEqualTo("/v2/a/b");
    assertThat(forwarded(rules, HttpRequest.get("h", "/")).path()).isEqualTo("/v2/");
  }

  @Test
  void urlRewriteReplacesTheHostAndTheFullPathAndKeepsTheQuery() {
    String rules = """
        [{matches: [{path: {type: PathPrefix, value: /old}}],
          filters: [{type: URLRewrite, urlRewrite: {hostname: internal.example.com,
            path: {type: ReplaceFullPath, replaceFullPath: /new}}}],
          backendRefs: [{name: app, port: 80}]}]
        """;
    GatewayOutcome.Forwarded f = forwarded(rules,
        new HttpRequest("GET", "shop.example.com", "/old/deep/path", "a=1"));
    assertThat(f.host()).isEqualTo("internal.example.com");
    assertThat(f.path()).isEqualTo("/new");
    assertThat(f.query()).isEqualTo("a=1");
    assertThat(f.describe()).isEqualTo("gw/app:80 sees internal.example.com/new?a=1");
  }

  /** HTTPHeaderFilter's three examples: set overwrites, add appends, remove deletes. */
  @Test
  void requestHeaderModifierSetsAddsAndRemovesAsTheSpecExamplesShow() {
    String rules = """
        [{filters: [{type: RequestHeaderModifier, requestHeaderModifier: {
            set: [{name: My-Header, value: bar}],
            add: [{name: my-header2, value: "bar,baz"}, {name: new-header, value: v}],
            remove: [my-header1, My-Header3]}}],
          backendRefs: [{name: app, port: 80}]}]
        """;
    HttpRequest request = HttpRequest.get("h", "/foo").withHeader("my-header", "foo")
        .withHeader("my-header1", "foo").withHeader("my-header2", "foo")
        .withHeader("my-header3", "baz").withHeader("keep", "k");
    assertThat(forwarded(rules, request).headers()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "my-header", "bar", "my-header2", "foo,bar,baz", "new-header", "v", "keep", "k"));
  }

  @Test
  void backendRefFiltersApplyOnlyToTheirBackendAndAfterTheRuleFilters() {
    String rules = """
        [{filters: [{type: RequestHeaderModifier, requestHeaderModifier: {
            set: [{name: x-rule, value: "1"}]}}],
          backendRefs: [
            {name: stable, port: 80, weight: 90},
            {name: canary, port: 80, weight: 10, filters: [
              {type: RequestHeaderModifier, requestHeaderModifier: {
                 add: [{name: x-canary, value: "yes"}]}},
              {type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath,
                 replaceFullPath: /canary}}}]}]}]
        """;
    List<GatewayOutcome> out = apply(rules, HttpRequest.get("h", "/p"));
    assertThat(out).extracting(GatewayOutcome::describe).containsExactly(
        "gw/stable:80 sees h/p {x-rule=1}",
        "gw/canary:80 sees h/canary {x-canary=yes, x-rule=1}");
    assertThat(((GatewayOutcome.Forwarded) out.get(1)).backend().weight()).isEqualTo(10);
  }

  @Test
  void redirectWithoutStatusCodeIs302AndKeepsHostPathAndQuery() {
    String rules = "[{filters: [{type: RequestRedirect, requestRedirect: {}}]}]";
    assertThat(redirected(rules, new HttpRequest("GET", "shop.example.com", "/a/b", "q=1")))
        .isEqualTo(new GatewayOutcome.Redirected(302, "http://shop.example.com/a/b?q=1"));
  }

  /** Port rules: a scheme implies its well-known port, which the Location then omits. */
  @Test
  void redirectToHttpsUsesPort443AndLeavesItOutOfTheLocation() {
    String rules = """
        [{filters: [{type: RequestRedirect, requestRedirect: {scheme: https, statusCode: 301}}]}]
        """;
    assertThat(redirected(rules, HttpRequest.get("shop.example.com:8080", "/cart")))
        .isEqualTo(new GatewayOutcome.Redirected(301, "https://shop.example.com/cart"));
  }

  @Test
  void redirectWithoutSchemeKeepsTheListenerPortAndAnExplicitPortWins() {
    String keep = "[{filters: [{type: RequestRedirect, requestRedirect: {hostname: b.example}}]}]";
    assertThat(redirected(keep, HttpRequest.get("a.example:8080", "/x")).location())
        .isEqualTo("http://b.example:8080/x");
    String port = """
        [{filters: [{type: RequestRedirect, requestRedirect: {scheme: https, port: 8443}}]}]
        """;
    assertThat(redirected(port, HttpRequest.get("a.example", "/x")).location())
        .isEqualTo("https://a.example:8443/x");
    String http80 = "[{filters: [{type: RequestRedirect, requestRedirect: {port: 80}}]}]";
    assertThat(redirected(http80, HttpRequest.get("a.example:8080", "/x")).location())
        .isEqualTo("http://a.example/x");
  }

  @Test
  void redirectPathModifiersReplaceTheFullPathOrTheMatchedPrefix() {
    String full = """
        [{matches: [{path: {type: PathPrefix, value: /old}}],
          filters: [{type: RequestRedirect, requestRedirect: {statusCode: 308,
            path: {type: ReplaceFullPath, replaceFullPath: /moved}}}]}]
        """;
    assertThat(redirected(full, HttpRequest.get("h", "/old/x")))
        .isEqualTo(new GatewayOutcome.Redirected(308, "http://h/moved"));
    String prefix = """
        [{matches: [{path: {type: PathPrefix, value: /old}}],
          filters: [{type: RequestRedirect, requestRedirect: {
            path: {type: ReplacePrefixMatch, replacePrefixMatch: /new}}}]}]
        """;
    assertThat(redirected(prefix, HttpRequest.get("h", "/old/x")).location())
        .isEqualTo("http://h/new/x");
  }

  @Test
  void aBackendRefRedirectAnswersOnlyThatBackendsShare() {
    String rules = """
        [{backendRefs: [{name: a, port: 80},
          {name: b, port: 80, filters: [{type: RequestRedirect,
             requestRedirect: {hostname: elsewhere.example}}]}]}]
        """;
    assertThat(apply(rules, HttpRequest.get("h", "/p"))).extracting(GatewayOutcome::describe)
        .containsExactly("gw/a:80 sees h/p", "302 http://elsewhere.example/p");
  }

  @Test
  void reportedFiltersChangeNothingTheBackendSeesAndARuleWithoutBackendsAnswers500() {
    String rules = """
        [{matches: [{path: {value: /m}}], filters: [{type: RequestMirror, requestMirror: {
            backendRef: {name: shadow, port: 80}}}], backendRefs: [{name: app, port: 80}]},
         {matches: [{path: {value: /none}}], filters: [{type: ResponseHeaderModifier,
            responseHeaderModifier: {set: [{name: x, value: y}]}}]}]
        """;
    assertThat(forwarded(rules, HttpRequest.get("h", "/m/1")).describe())
        .isEqualTo("gw/app:80 sees h/m/1");
    assertThat(apply(rules, HttpRequest.get("h", "/none"))).extracting(GatewayOutcome::describe)
        .containsExactly("500 (no backendRefs)");
  }

  static List<String> errors(String rules) {
    try {
      route("bad", T1, "[]", rules);
    } catch (InvalidIngressException e) {
      return e.errors().stream().map(FieldError::message).toList();
    }
    throw new AssertionError("accepted: " + rules);
  }

  @Test
  void theApisFilterRulesAreReportedPerField() {
    assertThat(errors("""
        [{filters: [{type: RequestRedirect, requestRedirect: {}}],
          backendRefs: [{name: app, port: 80}]}]
        """)).singleElement().asString()
        .contains("spec.rules[0]").contains("RequestRedirect filter must not be used together"
            + " with backendRefs");
    assertThat(errors("""
        [{matches: [{path: {type: Exact, value: /a}}],
          filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch,
            replacePrefixMatch: /b}}}], backendRefs: [{name: app, port: 80}]}]
        """)).singleElement().asString().contains("When using URLRewrite filter with"
            + " path.replacePrefixMatch, exactly one PathPrefix match must be specified");
    assertThat(errors("""
        [{filters: [{type: URLRewrite, urlRewrite: {hostname: a.example}},
                    {type: RequestRedirect, requestRedirect: {}}]}]
        """)).singleElement().asString().contains("May specify either"
            + " httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both");
    assertThat(errors("""
        [{filters: [{type: RequestHeaderModifier, requestHeaderModifier: {
            set: [{name: X-A, value: "1"}], remove: [x-a]}}], backendRefs: [{name: a, port: 80}]}]
        """)).singleElement().asString().contains("spec.rules[0].filters[0]"
            + ".requestHeaderModifier.remove[0]").contains("only one action");
    assertThat(errors("""
        [{filters: [{type: RequestRedirect, requestRedirect: {scheme: ftp, statusCode: 304}}]}]
        """)).hasSize(2).anySatisfy(m -> assertThat(m).contains("requestRedirect.scheme"))
        .anySatisfy(m -> assertThat(m).contains("requestRedirect.statusCode"));
    assertThat(errors("""
        [{filters: [{type: URLRewrite}], backendRefs: [{name: a, port: 80}]}]
        """)).singleElement().asString()
        .contains("filter.urlRewrite must be specified for URLRewrite filter.type");
  }

  @Test
  void programmaticRulesRejectPrefixReplacementWithoutOnePathPrefixMatch() {
    HttpRouteFilter rewrite = new HttpRouteFilter.UrlRewrite(null,
        new HttpRouteFilter.PathModifier(HttpRouteFilter.PathModifier.Kind.REPLACE_PREFIX_MATCH,
            "/x"));
    HttpRouteMatch exact = new HttpRouteMatch(HttpRouteMatch.PathMatchType.EXACT, "/a",
        List.of(), List.of(), null);
    assertThatThrownBy(() -> new HttpRouteRule(0, List.of(exact),
        List.of(new WeightedBackend("gw", "a", 80, 1)), List.of(rewrite)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly one PathPrefix match");
  }
}
