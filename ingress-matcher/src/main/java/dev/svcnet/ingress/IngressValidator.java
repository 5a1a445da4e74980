package dev.svcnet.ingress;

import dev.svcnet.ingress.internal.ApiServerValidator;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;

/** Checks an Ingress before it is routed. */
public interface IngressValidator {

  /** Every error, per field, in the API server's order; empty when valid. */
  List<FieldError> validate(Ingress ingress);

  /**
   * The API server's create-time rules for networking.k8s.io/v1 Ingress, with its messages:
   * hosts (DNS-1123, one leading wildcard label, no IPs), paths (absolute, forbidden sequences
   * and suffixes), path types, backends and ports, TLS hosts, the class annotation.
   */
  static IngressValidator apiServer() {
    return new ApiServerValidator();
  }

  /** {@code Ingress namespace/name} for messages ({@code default} namespace when unset). */
  static String objectName(Ingress ingress) {
    var meta = ingress.getMetadata();
    String ns = meta == null || meta.getNamespace() == null || meta.getNamespace().isEmpty()
        ? "default" : meta.getNamespace();
    String name = meta == null || meta.getName() == null ? "<unnamed>" : meta.getName();
    return "Ingress " + ns + "/" + name;
  }
}
