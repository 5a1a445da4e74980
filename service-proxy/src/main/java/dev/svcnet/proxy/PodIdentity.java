package dev.svcnet.proxy;

import java.util.Objects;

/**
 * What cluster DNS needs from a Pod: {@code spec.hostname} and {@code spec.subdomain}.
 *
 * @param namespace {@code metadata.namespace}
 * @param name {@code metadata.name}
 * @param hostname {@code spec.hostname}, or {@code null}
 * @param subdomain {@code spec.subdomain}, or {@code null}
 */
public record PodIdentity(String namespace, String name, String hostname, String subdomain) {
  public PodIdentity {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }
}
