package dev.svcnet.ingress;

import java.util.Objects;

/**
 * One {@code spec.rules[i].http.paths[j]} entry of a validated Ingress.
 *
 * @param ingress the Ingress that declared it
 * @param ruleIndex i in {@code spec.rules[i]}
 * @param pathIndex j in {@code http.paths[j]}
 * @param host the rule's host in lower case, possibly {@code *.}-prefixed; empty for a host-less
 *     rule (it applies to every host)
 * @param path the path as written ({@code ImplementationSpecific} may leave it empty)
 */
public record PathRule(
    IngressRef ingress, int ruleIndex, int pathIndex, String host, String path, PathType pathType,
    Backend backend) {

  public PathRule {
    Objects.requireNonNull(ingress, "ingress");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(pathType, "pathType");
    Objects.requireNonNull(backend, "backend");
    if (ruleIndex < 0 || pathIndex < 0) {
      throw new IllegalArgumentException("rule and path indexes must be >= 0");
    }
    if (path.isEmpty() && pathType != PathType.IMPLEMENTATION_SPECIFIC) {
      throw new IllegalArgumentException(
          ingress + " " + field() + ".path: must be an absolute path");
    }
  }

  /** The path used for matching: an empty ImplementationSpecific path means {@code /}. */
  public String effectivePath() {
    return path.isEmpty() ? "/" : path;
  }

  /** True when the rule has no host and so applies to every host. */
  public boolean hostless() {
    return host.isEmpty();
  }

  /** The field path of this entry, e.g. {@code spec.rules[0].http.paths[1]}. */
  public String field() {
    return "spec.rules[" + ruleIndex + "].http.paths[" + pathIndex + "]";
  }

  /** {@code ns/name spec.rules[0].http.paths[1] (host foo.com, Prefix /api)}. */
  public String describe() {
    return ingress + " " + field() + " (" + (hostless() ? "any host" : "host " + host) + ", "
        + pathType.kubernetesName() + " " + (path.isEmpty() ? "\"\"" : path) + ")";
  }
}
