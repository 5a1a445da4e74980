package dev.svcnet.ingress;

import java.util.Objects;

/**
 * A resource backend ({@code TypedLocalObjectReference}) in the Ingress's namespace.
 *
 * @param apiGroup the API group, empty for the core group
 */
public record ResourceBackend(String namespace, String apiGroup, String kind, String name)
    implements Backend {

  public ResourceBackend {
    Objects.requireNonNull(namespace, "namespace");
    apiGroup = apiGroup == null ? "" : apiGroup;
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    if (kind.isEmpty() || name.isEmpty()) {
      throw new IllegalArgumentException("resource backend needs a kind and a name");
    }
  }

  /** {@code resource namespace/Kind.group/name} ({@code Kind/name} for the core group). */
  @Override
  public String describe() {
    return "resource " + namespace + "/" + kind + (apiGroup.isEmpty() ? "" : "." + apiGroup)
        + "/" + name;
  }
}
