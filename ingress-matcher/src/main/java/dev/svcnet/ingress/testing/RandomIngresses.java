package dev.svcnet.ingress.testing;

import dev.svcnet.ingress.Backend;
import dev.svcnet.ingress.HttpRequest;
import dev.svcnet.ingress.IngressDefinition;
import dev.svcnet.ingress.IngressRef;
import dev.svcnet.ingress.NginxAnnotations;
import dev.svcnet.ingress.PathRule;
import dev.svcnet.ingress.PathType;
import dev.svcnet.ingress.ServiceBackend;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Random Ingress sets and requests drawn from small pools, so that hosts, paths, prefixes,
 * duplicates and ties collide often. Everything follows from the seed.
 */
public final class RandomIngresses {

  public static final List<String> HOSTS = List.of("a.com", "b.a.com", "*.a.com", "x.org", "*.x.org",
      "");
  public static final List<String> REQUEST_HOSTS = List.of("a.com", "A.Com:8080", "b.a.com",
      "b.a.com.", "q.a.com", "q.b.a.com", "x.org", "y.x.org", "other.net", "");
  public static final List<String> SEGMENTS = List.of("a", "b", "ab", "c");
  public static final List<String> REQUEST_SEGMENTS = List.of("a", "b", "ab", "c", "A", "abc", "",
      "%61");
  public static final List<String> REGEX_PATHS = List.of("/a/[0-9]+", "/b/.*", "/a(/|$)(.*)",
      "/ab/[a-c]+$", "/c(/|$)(.*)");

  private RandomIngresses() {}

  /**
   * A random set of 1..5 Ingresses.
   *
   * @param nginxAnnotations whether some Ingresses use {@code use-regex} or
   *     {@code rewrite-target} (with regex paths)
   */
  public static List<IngressDefinition> ingresses(Random r, boolean nginxAnnotations) {
    int count = 1 + r.nextInt(5);
    List<IngressDefinition> out = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      IngressRef ref = new IngressRef("ns" + r.nextInt(2), "i" + n,
          Instant.ofEpochSecond(r.nextInt(3)));
      NginxAnnotations nginx = NginxAnnotations.NONE;
      if (nginxAnnotations && r.nextInt(4) == 0) {
        nginx = r.nextBoolean() ? new NginxAnnotations(true, null)
            : new NginxAnnotations(r.nextBoolean(), "/$" + (1 + r.nextInt(2)));
      }
      boolean regexPaths = nginx.useRegex() || nginx.rewriteTarget() != null;
      List<String> hosts = new ArrayList<>();
      List<PathRule> rules = new ArrayList<>();
      int ruleCount = r.nextInt(4);
      for (int i = 0; i < ruleCount; i++) {
        String host = HOSTS.get(r.nextInt(HOSTS.size()));
        if (hosts.contains(host)) {
          continue;
        }
        hosts.add(host);
        int ruleIndex = hosts.size() - 1;
        int pathCount = r.nextInt(4);
        for (int j = 0; j < pathCount; j++) {
          PathType type = PathType.values()[r.nextInt(3)];
          String path = regexPaths && r.nextInt(3) == 0
              ? REGEX_PATHS.get(r.nextInt(REGEX_PATHS.size())) : path(r, SEGMENTS, 3);
          if (type == PathType.IMPLEMENTATION_SPECIFIC && r.nextInt(8) == 0) {
            path = "";
          }
          rules.add(new PathRule(ref, ruleIndex, j, host, path, type,
              ServiceBackend.ofNumber(ref.namespace(), "s" + r.nextInt(6), 80)));
        }
      }
      Optional<Backend> defaultBackend = hosts.isEmpty() || r.nextInt(3) == 0
          ? Optional.of(ServiceBackend.ofNumber(ref.namespace(), "def" + n, 8080))
          : Optional.empty();
      out.add(new IngressDefinition(ref, hosts, rules, defaultBackend, nginx));
    }
    return out;
  }

  /** A random request; with {@code nginxSafe} no empty-Host HTTP/1.1 oddities are needed. */
  public static HttpRequest request(Random r) {
    String host = REQUEST_HOSTS.get(r.nextInt(REQUEST_HOSTS.size()));
    String path = path(r, REQUEST_SEGMENTS, 4);
    if (r.nextInt(6) == 0) {
      path = path + "/";
    }
    return HttpRequest.get(host, path);
  }

  /**
   * A random request that, half of the time, starts from the path of one of the rules (then
   * perhaps extended, upper-cased or given a trailing slash), so that rules are hit often.
   */
  public static HttpRequest request(Random r, List<IngressDefinition> ingresses) {
    HttpRequest base = request(r);
    List<PathRule> rules = ingresses.stream().flatMap(d -> d.rules().stream()).toList();
    if (rules.isEmpty() || r.nextBoolean()) {
      return base;
    }
    PathRule rule = rules.get(r.nextInt(rules.size()));
    String path = rule.effectivePath().replaceAll("[^a-zA-Z/]", "");
    path = path.isEmpty() || path.charAt(0) != '/' ? "/" + path : path;
    switch (r.nextInt(4)) {
      case 0 -> path = path + (path.endsWith("/") ? "" : "/") + SEGMENTS.get(r.nextInt(4));
      case 1 -> path = path.toUpperCase(java.util.Locale.ROOT);
      case 2 -> path = path.endsWith("/") ? path : path + "/";
      default -> { }
    }
    String host = rule.hostless() ? base.host() : rule.host().replace("*", "w");
    return HttpRequest.get(host, path);
  }

  private static String path(Random r, List<String> segments, int max) {
    int n = r.nextInt(max + 1);
    StringBuilder p = new StringBuilder();
    for (int i = 0; i < n; i++) {
      p.append('/').append(segments.get(r.nextInt(segments.size())));
    }
    if (p.length() == 0 || r.nextInt(5) == 0) {
      p.append('/');
    }
    return p.toString();
  }

  /**
   * A random request as {@link #request(Random, List)}, with what nginx answers itself mixed
   * in: a rule's path ending in {@code /} asked for without it (nginx's 301), a query string,
   * a bad {@code %} escape or {@code %00}, a {@code ..} above the root, {@code ..} in the Host
   * (nginx's 400s).
   */
  public static HttpRequest nginxRequest(Random r, List<IngressDefinition> ingresses) {
    HttpRequest base = request(r, ingresses);
    String host = base.host();
    String path = base.path();
    List<PathRule> rules = ingresses.stream().flatMap(d -> d.rules().stream()).toList();
    switch (r.nextInt(10)) {
      case 0, 1 -> {
        if (!rules.isEmpty()) {
          PathRule rule = rules.get(r.nextInt(rules.size()));
          String p = rule.effectivePath().replaceAll("[^a-zA-Z/]", "");
          if (p.length() > 1 && p.startsWith("/")) {
            path = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
            host = rule.hostless() ? host : rule.host().replace("*", "w");
          }
        }
      }
      case 2 -> path = path + List.of("%zz", "%4", "%00", "%41").get(r.nextInt(4));
      case 3 -> path = "/.." + path;
      case 4 -> host = r.nextBoolean() ? "a..example.com" : host.isEmpty() ? host : host + "..";
      default -> { }
    }
    String query = r.nextInt(4) == 0 ? "x=" + r.nextInt(10) : "";
    return new HttpRequest("GET", host, path, query);
  }
}
