package dev.svcnet.proxy;

import java.util.Objects;

/**
 * A {@code targetRef}: the object an endpoint stands for, usually a Pod.
 *
 * @param kind e.g. {@code Pod}
 * @param namespace its namespace ({@code ""} if not given)
 * @param name its name
 */
public record ObjectReference(String kind, String namespace, String name) {
  public ObjectReference {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }
}
