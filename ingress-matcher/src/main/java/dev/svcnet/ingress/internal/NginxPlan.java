package dev.svcnet.ingress.internal;

import dev.svcnet.ingress.Backend;
import dev.svcnet.ingress.IngressDefinition;
import dev.svcnet.ingress.IngressRef;
import dev.svcnet.ingress.NginxAnnotations;
import dev.svcnet.ingress.PathRule;
import dev.svcnet.ingress.PathType;
import dev.svcnet.ingress.ServiceBackend;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The nginx servers and locations ingress-nginx derives from a set of Ingresses.
 *
 * <ol>
 *   <li>Ingresses are processed oldest first, ties by {@code namespace/name} descending.</li>
 *   <li>One server per rule host; host-less rules and rule-less Ingresses go to the catch-all
 *       {@code _}. Each server starts with a root location {@code /} answered by the first
 *       (in that order) service {@code defaultBackend} of an Ingress naming the host (for the
 *       catch-all: of a rule-less Ingress or one with host-less rules), else by the controller
 *       default backend (404). A Prefix or ImplementationSpecific path {@code /} replaces it.</li>
 *   <li>A path whose {@code (path, pathType)} is already on the server is dropped: the oldest
 *       Ingress wins. Resource backends are dropped (the default backend answers).</li>
 *   <li>A Prefix path {@code /p} becomes {@code /p/} plus an exact copy {@code = /p} (unless an
 *       Exact {@code /p} exists, or its Ingress uses regex or rewrites).</li>
 *   <li>If any path of the server comes from an Ingress with {@code use-regex: "true"} or a
 *       {@code rewrite-target} differing from the path, every location becomes
 *       {@code ~* "^path"}.</li>
 *   <li>Locations are sorted by path descending, then (stably) by path length descending.</li>
 *   <li>Non-regex locations that nginx would reject as duplicates (same modifier and path) keep
 *       only the first: svcnet's choice where ingress-nginx would emit an invalid config.</li>
 * </ol>
 */
public final class NginxPlan {

  private final List<NginxServer> servers;

  private NginxPlan(List<NginxServer> servers) {
    this.servers = List.copyOf(servers);
  }

  /** The servers in configuration order: exact and wildcard hosts by first appearance, then _. */
  public List<NginxServer> servers() {
    return servers;
  }

  /** Builds the plan. */
  public static NginxPlan of(List<IngressDefinition> definitions) {
    List<IngressDefinition> sorted = new ArrayList<>(definitions);
    sorted.sort(Comparator.comparing(IngressDefinition::ref, IngressRef.NGINX_ORDER));
    Map<String, ServerBuilder> builders = new LinkedHashMap<>();
    ServerBuilder catchAll = new ServerBuilder(NginxServer.CATCH_ALL);
    for (IngressDefinition d : sorted) {
      if (d.hosts().isEmpty()) {
        catchAll.offerDefault(d);
      }
      for (String host : d.hosts()) {
        ServerBuilder server = host.isEmpty() ? catchAll
            : builders.computeIfAbsent(host, ServerBuilder::new);
        server.offerDefault(d);
      }
      for (PathRule rule : d.rules()) {
        ServerBuilder server = rule.hostless() ? catchAll : builders.get(rule.host());
        server.add(rule, d.nginx());
      }
    }
    List<NginxServer> servers = new ArrayList<>();
    for (ServerBuilder b : builders.values()) {
      servers.add(b.build());
    }
    servers.add(catchAll.build());
    return new NginxPlan(servers);
  }

  private record Raw(String path, PathType type, PathRule rule, NginxAnnotations nginx) {}

  private static final class ServerBuilder {
    private final String name;
    private Backend defaultBackend;
    private IngressRef defaultFrom;
    private boolean rootReplaced;
    private final List<Raw> raws = new ArrayList<>();
    private final List<String> dropped = new ArrayList<>();

    ServerBuilder(String name) {
      this.name = name;
    }

    void offerDefault(IngressDefinition d) {
      if (defaultFrom == null && d.defaultBackend().isPresent()
          && d.defaultBackend().get() instanceof ServiceBackend) {
        defaultBackend = d.defaultBackend().get();
        defaultFrom = d.ref();
      }
    }

    void add(PathRule rule, NginxAnnotations nginx) {
      if (!(rule.backend() instanceof ServiceBackend)) {
        dropped.add(rule.describe() + ": resource backends are not served by ingress-nginx");
        return;
      }
      String path = rule.effectivePath();
      for (Raw raw : raws) {
        if (raw.path.equals(path) && raw.type == rule.pathType()) {
          dropped.add(rule.describe() + ": location already configured by "
              + raw.rule.describe());
          return;
        }
      }
      if (path.equals("/") && rule.pathType() != PathType.EXACT) {
        rootReplaced = true;
      }
      raws.add(new Raw(path, rule.pathType(), rule, nginx));
    }

    NginxServer build() {
      boolean regex = false;
      Set<String> exactPaths = new HashSet<>();
      for (Raw raw : raws) {
        regex |= raw.nginx.useRegex() || raw.nginx.rewrites(raw.path);
        if (raw.type == PathType.EXACT) {
          exactPaths.add(raw.path);
        }
      }
      List<NginxLocation> locations = new ArrayList<>();
      if (!rootReplaced) {
        locations.add(new NginxLocation(regex ? NginxLocation.Kind.REGEX
            : NginxLocation.Kind.PREFIX, "/", null, defaultBackend, defaultFrom, null, null));
      }
      for (Raw raw : raws) {
        boolean rewrites = raw.nginx.rewrites(raw.path);
        String rwRegex = rewrites ? raw.path : null;
        String rwTarget = rewrites ? raw.nginx.rewriteTarget() : null;
        boolean extraExact = false;
        String path = raw.path;
        if (raw.type == PathType.PREFIX && !path.equals("/") && !raw.nginx.useRegex()
            && !rewrites) {
          path = path.endsWith("/") ? path : path + "/";
          extraExact = !exactPaths.contains(raw.path);
        }
        NginxLocation.Kind kind = regex ? NginxLocation.Kind.REGEX
            : raw.type == PathType.EXACT ? NginxLocation.Kind.EXACT : NginxLocation.Kind.PREFIX;
        locations.add(new NginxLocation(kind, path, raw.rule, raw.rule.backend(), null,
            rwRegex, rwTarget));
        if (extraExact) {
          locations.add(new NginxLocation(regex ? NginxLocation.Kind.REGEX
              : NginxLocation.Kind.EXACT, raw.path, raw.rule, raw.rule.backend(), null,
              null, null));
        }
      }
      List<NginxLocation> ordered = new ArrayList<>(locations);
      ordered.sort(Comparator.comparing(NginxLocation::path, Comparator.reverseOrder()));
      ordered.sort(Comparator.comparingInt((NginxLocation l) -> l.path().length()).reversed());
      List<NginxLocation> kept = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (NginxLocation location : ordered) {
        if (location.kind() != NginxLocation.Kind.REGEX && !seen.add(location.header())) {
          dropped.add(location.describe() + ": duplicate nginx location, the first one is kept");
          continue;
        }
        kept.add(location);
      }
      return new NginxServer(name, regex, kept, dropped);
    }
  }
}
