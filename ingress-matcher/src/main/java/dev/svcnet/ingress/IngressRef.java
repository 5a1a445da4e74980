package dev.svcnet.ingress;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * Identifies an Ingress object and carries what ordering across Ingresses needs.
 *
 * @param namespace metadata.namespace ({@code default} when absent in a manifest)
 * @param name metadata.name
 * @param created metadata.creationTimestamp ({@link Instant#EPOCH} when absent)
 */
public record IngressRef(String namespace, String name, Instant created) {

  /** Oldest first, then {@code namespace/name} ascending: svcnet's spec-mode merge order. */
  public static final Comparator<IngressRef> OLDEST_FIRST =
      Comparator.comparing(IngressRef::created).thenComparing(IngressRef::toString);

  /**
   * ingress-nginx's processing order: oldest first, then {@code namespace/name} descending (its
   * comparator on equal timestamps is {@code in > jn}).
   */
  public static final Comparator<IngressRef> NGINX_ORDER =
      Comparator.comparing(IngressRef::created)
          .thenComparing(IngressRef::toString, Comparator.reverseOrder());

  public IngressRef {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(created, "created");
    if (namespace.isEmpty() || name.isEmpty()) {
      throw new IllegalArgumentException("Ingress namespace and name must not be empty");
    }
  }

  /** {@code namespace/name}. */
  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
