package dev.svcnet.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: the indexed HTTPRoute router answers what the precedence-sorted scan answers, for
 * random routes (hostnames, path kinds, methods, headers, query matches) and requests.
 */
class GatewayCompiledAgreesWithReferenceTest {

  static final List<String> HOSTNAMES = List.of("a.com", "b.a.com", "*.a.com", "*.b.a.com",
      "x.org");
  static final List<String> REQUEST_HOSTS = List.of("a.com", "b.a.com", "c.b.a.com",
      "q.a.com", "x.org:80", "X.ORG", "other.net");
  static final List<String> SEGMENTS = List.of("a", "b", "ab");

  @Test
  void compiledGatewayRouterAgreesWithThePrecedenceScan() {
    qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
      Random r = new Random(seed);
      List<HttpRouteDefinition> routes = routes(r);
      String listener = r.nextInt(3) == 0 ? HOSTNAMES.get(r.nextInt(HOSTNAMES.size())) : null;
      HttpRouteRouter compiled = HttpRouteRouter.of(routes, listener);
      HttpRouteRouter reference = HttpRouteRouter.reference(routes, listener);
      for (int i = 0; i < 30; i++) {
        HttpRequest request = request(r);
        assertThat(compiled.route(request)).as("seed %d, request %s", seed, request)
            .isEqualTo(reference.route(request));
      }
    });
  }

  static List<HttpRouteDefinition> routes(Random r) {
    List<HttpRouteDefinition> routes = new ArrayList<>();
    int count = 1 + r.nextInt(4);
    for (int n = 0; n < count; n++) {
      List<String> hostnames = new ArrayList<>();
      for (int h = r.nextInt(3); h > 0; h--) {
        String name = HOSTNAMES.get(r.nextInt(HOSTNAMES.size()));
        if (!hostnames.contains(name)) {
          hostnames.add(name);
        }
      }
      List<HttpRouteRule> rules = new ArrayList<>();
      for (int i = 0; i < 1 + r.nextInt(3); i++) {
        List<HttpRouteMatch> matches = new ArrayList<>();
        for (int m = r.nextInt(3); m > 0; m--) {
          matches.add(match(r));
        }
        rules.add(new HttpRouteRule(i, matches,
            List.of(new WeightedBackend("gw", "s" + r.nextInt(5), 80, 1)), List.of()));
      }
      routes.add(new HttpRouteDefinition("gw", "r" + n, Instant.ofEpochSecond(r.nextInt(2)),
          hostnames, rules));
    }
    return routes;
  }

  static HttpRouteMatch match(Random r) {
    HttpRouteMatch.PathMatchType type =
        HttpRouteMatch.PathMatchType.values()[r.nextInt(5) == 0 ? 2 : r.nextInt(2)];
    String value = type == HttpRouteMatch.PathMatchType.REGULAR_EXPRESSION
        ? List.of("/a/.*", "/[ab]+", "/ab?/b").get(r.nextInt(3)) : path(r, 2);
    List<ValueMatch> headers = r.nextInt(3) == 0
        ? List.of(new ValueMatch("X-H", r.nextBoolean(), r.nextBoolean() ? "1" : "[0-9]"))
        : List.of();
    List<ValueMatch> query = r.nextInt(3) == 0 ? List.of(new ValueMatch("q", false, "1"))
        : List.of();
    String method = r.nextInt(4) == 0 ? (r.nextBoolean() ? "GET" : "POST") : null;
    return new HttpRouteMatch(type, value, headers, query, method);
  }

  static HttpRequest request(Random r) {
    HttpRequest request = new HttpRequest(r.nextBoolean() ? "GET" : "POST",
        REQUEST_HOSTS.get(r.nextInt(REQUEST_HOSTS.size())), path(r, 3),
        r.nextBoolean() ? "q=1" : "");
    return r.nextBoolean() ? request.withHeader("x-h", r.nextBoolean() ? "1" : "2") : request;
  }

  static String path(Random r, int max) {
    StringBuilder p = new StringBuilder();
    for (int n = r.nextInt(max + 1); n > 0; n--) {
      p.append('/').append(SEGMENTS.get(r.nextInt(SEGMENTS.size())));
    }
    if (p.length() == 0 || r.nextInt(4) == 0) {
      p.append('/');
    }
    return p.toString();
  }
}
