package dev.svcnet.ingress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Compact construction of Ingress definitions for tests. */
final class Fixtures {

  private Fixtures() {}

  /** A path entry before it belongs to an Ingress. */
  record P(String host, String path, PathType type, String service) {}

  static P exact(String path, String service) {
    return new P(null, path, PathType.EXACT, service);
  }

  static P prefix(String path, String service) {
    return new P(null, path, PathType.PREFIX, service);
  }

  static P specific(String path, String service) {
    return new P(null, path, PathType.IMPLEMENTATION_SPECIFIC, service);
  }

  static P on(String host, P p) {
    return new P(host, p.path(), p.type(), p.service());
  }

  static ServiceBackend svc(String name) {
    return ServiceBackend.ofNumber("default", name, 80);
  }

  /** Builds an Ingress; one rule per distinct host, in order of first appearance. */
  static final class Ing {
    private final IngressRef ref;
    private final List<P> paths = new ArrayList<>();
    private final List<String> extraHosts = new ArrayList<>();
    private Backend defaultBackend;
    private NginxAnnotations nginx = NginxAnnotations.NONE;

    Ing(String name, long createdSeconds) {
      this.ref = new IngressRef("default", name, Instant.ofEpochSecond(createdSeconds));
    }

    Ing paths(P... ps) {
      paths.addAll(List.of(ps));
      return this;
    }

    Ing hostWithoutHttp(String host) {
      extraHosts.add(host);
      return this;
    }

    Ing defaultBackend(String service) {
      defaultBackend = svc(service);
      return this;
    }

    Ing nginx(boolean useRegex, String rewriteTarget) {
      nginx = new NginxAnnotations(useRegex, rewriteTarget);
      return this;
    }

    IngressDefinition build() {
      List<String> hosts = new ArrayList<>();
      List<PathRule> rules = new ArrayList<>();
      int[] counts = new int[paths.size() + extraHosts.size() + 1];
      for (P p : paths) {
        String host = p.host() == null ? "" : p.host();
        if (!hosts.contains(host)) {
          hosts.add(host);
        }
        int rule = hosts.indexOf(host);
        rules.add(new PathRule(ref, rule, counts[rule]++, host, p.path(), p.type(),
            svc(p.service())));
      }
      for (String h : extraHosts) {
        if (!hosts.contains(h)) {
          hosts.add(h);
        }
      }
      return new IngressDefinition(ref, hosts, rules, Optional.ofNullable(defaultBackend),
          nginx);
    }
  }

  static Ing ingress(String name) {
    return new Ing(name, 0);
  }

  static Ing ingress(String name, long createdSeconds) {
    return new Ing(name, createdSeconds);
  }
}
