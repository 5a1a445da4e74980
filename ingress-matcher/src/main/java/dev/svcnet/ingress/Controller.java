package dev.svcnet.ingress;

/** Whose semantics a router follows. */
public enum Controller {
  /**
   * The Kubernetes Ingress v1 specification (see {@link Routers#compile} for the rules svcnet
   * adds where the spec is silent).
   */
  SPEC,
  /** What ingress-nginx generates and nginx then does with it. */
  NGINX
}
