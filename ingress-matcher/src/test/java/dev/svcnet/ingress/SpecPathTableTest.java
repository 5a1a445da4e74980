package dev.svcnet.ingress;

import static dev.svcnet.ingress.Fixtures.exact;
import static dev.svcnet.ingress.Fixtures.ingress;
import static dev.svcnet.ingress.Fixtures.prefix;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Kubernetes documentation's path-matching table ("Examples", 18 rows), row by row, against
 * both the compiled and the literal router. Each rule's backend is named after its type and
 * path, e.g. {@code P:/foo}; "no match" means the default backend {@code default-backend}.
 */
class SpecPathTableTest {

  static Stream<Arguments> rows() {
    return Stream.of(
        row(1, rules(prefix("/", "")), "/", "P:/"),
        row(1, rules(prefix("/", "")), "/x", "P:/"),
        row(1, rules(prefix("/", "")), "/a/b/c", "P:/"),
        row(2, rules(exact("/foo", "")), "/foo", "E:/foo"),
        row(3, rules(exact("/foo", "")), "/bar", null),
        row(4, rules(exact("/foo", "")), "/foo/", null),
        row(5, rules(exact("/foo/", "")), "/foo", null),
        row(6, rules(prefix("/foo", "")), "/foo", "P:/foo"),
        row(6, rules(prefix("/foo", "")), "/foo/", "P:/foo"),
        row(7, rules(prefix("/foo/", "")), "/foo", "P:/foo/"),
        row(7, rules(prefix("/foo/", "")), "/foo/", "P:/foo/"),
        row(8, rules(prefix("/aaa/bb", "")), "/aaa/bbb", null),
        row(9, rules(prefix("/aaa/bbb", "")), "/aaa/bbb", "P:/aaa/bbb"),
        row(10, rules(prefix("/aaa/bbb/", "")), "/aaa/bbb", "P:/aaa/bbb/"),
        row(11, rules(prefix("/aaa/bbb", "")), "/aaa/bbb/", "P:/aaa/bbb"),
        row(12, rules(prefix("/aaa/bbb", "")), "/aaa/bbb/ccc", "P:/aaa/bbb"),
        row(13, rules(prefix("/aaa/bbb", "")), "/aaa/bbbxyz", null),
        row(14, rules(prefix("/", ""), prefix("/aaa", "")), "/aaa/ccc", "P:/aaa"),
        row(15, rules(prefix("/", ""), prefix("/aaa", ""), prefix("/aaa/bbb", "")), "/aaa/bbb",
            "P:/aaa/bbb"),
        row(16, rules(prefix("/", ""), prefix("/aaa", ""), prefix("/aaa/bbb", "")), "/ccc",
            "P:/"),
        row(17, rules(prefix("/aaa", "")), "/ccc", null),
        row(18, rules(prefix("/foo", ""), exact("/foo", "")), "/foo", "E:/foo"),
        row(18, rules(prefix("/foo", ""), exact("/foo", "")), "/foo/x", "P:/foo"));
  }

  static List<Fixtures.P> rules(Fixtures.P... ps) {
    return List.of(ps);
  }

  static Arguments row(int number, List<Fixtures.P> rules, String request, String expected) {
    return Arguments.of(number, rules, request, expected);
  }

  static IngressDefinition ingressOf(List<Fixtures.P> rules) {
    Fixtures.P[] named = rules.stream()
        .map(p -> new Fixtures.P(null, p.path(), p.type(),
            (p.type() == PathType.EXACT ? "e" : "p") + "-" + p.path().replaceAll("[^a-z]", "")))
        .toArray(Fixtures.P[]::new);
    return ingress("table").paths(named).defaultBackend("default-backend").build();
  }

  @ParameterizedTest(name = "row {0}: {1} with request {2} -> {3}")
  @MethodSource("rows")
  void docsPathTableRowHolds(int number, List<Fixtures.P> rules, String request, String expected) {
    List<IngressDefinition> ingresses = List.of(ingressOf(rules));
    for (RequestRouter router : List.of(Routers.compile(ingresses, Controller.SPEC),
        Routers.reference(ingresses, Controller.SPEC))) {
      RouteResult result = router.route(HttpRequest.get("example.com", request));
      Function<RouteResult, String> label = r -> r instanceof RouteResult.RuleMatch m
          ? (m.rule().pathType() == PathType.EXACT ? "E:" : "P:") + m.rule().path() : null;
      assertThat(label.apply(result)).as("row %d via %s", number, router.getClass()
          .getSimpleName()).isEqualTo(expected);
      if (expected == null) {
        assertThat(result.describe()).isEqualTo("default-backend default/default-backend:80");
      } else {
        assertThat(((RouteResult.RuleMatch) result).forwardedPath())
            .as("the backend sees the request path unchanged").isEqualTo(request);
      }
    }
  }
}
