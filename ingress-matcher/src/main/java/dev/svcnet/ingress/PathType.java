package dev.svcnet.ingress;

import java.util.Optional;

/** The {@code pathType} of an Ingress path, with its Kubernetes spelling. */
public enum PathType {
  /** Matches the URL path exactly, case-sensitively. */
  EXACT("Exact"),
  /** Matches whole {@code /}-separated segments; a trailing slash in the rule is ignored. */
  PREFIX("Prefix"),
  /**
   * Left to the controller. In spec mode svcnet gives it {@link #PREFIX} semantics (ranked below
   * Prefix on ties); in ingress-nginx mode it is a plain string prefix (or a regex).
   */
  IMPLEMENTATION_SPECIFIC("ImplementationSpecific");

  private final String kubernetesName;

  PathType(String kubernetesName) {
    this.kubernetesName = kubernetesName;
  }

  /** The value as written in a manifest, e.g. {@code Prefix}. */
  public String kubernetesName() {
    return kubernetesName;
  }

  /** The path type spelled {@code name} in a manifest, if it is one. */
  public static Optional<PathType> fromKubernetesName(String name) {
    for (PathType type : values()) {
      if (type.kubernetesName.equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
