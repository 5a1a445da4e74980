package dev.svcnet.ingress;

/** Where an Ingress sends a request: a Service port or a typed object reference. */
public sealed interface Backend permits ServiceBackend, ResourceBackend {

  /** The namespace of the Ingress that declared the backend (backends are namespace-local). */
  String namespace();

  /** How the CLI and nginx-conf name this backend, e.g. {@code default/web:80}. */
  String describe();
}
