package dev.svcnet.ingress;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Turns fabric8 Ingress objects into validated {@link IngressDefinition}s. */
public final class IngressDefinitions {

  private IngressDefinitions() {}

  /**
   * Validates with {@link IngressValidator#apiServer()} and converts.
   *
   * @throws InvalidIngressException listing every invalid field
   */
  public static IngressDefinition from(Ingress ingress) {
    List<FieldError> errors = new ArrayList<>(IngressValidator.apiServer().validate(ingress));
    Instant created = Instant.EPOCH;
    String timestamp = ingress.getMetadata().getCreationTimestamp();
    if (timestamp != null && !timestamp.isEmpty()) {
      try {
        created = Instant.parse(timestamp);
      } catch (DateTimeParseException e) {
        errors.add(new FieldError(IngressValidator.objectName(ingress),
            "metadata.creationTimestamp", FieldError.Type.INVALID, timestamp,
            "must be an RFC 3339 timestamp"));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidIngressException(errors);
    }
    String ns = ingress.getMetadata().getNamespace();
    IngressRef ref = new IngressRef(ns == null || ns.isEmpty() ? "default" : ns,
        ingress.getMetadata().getName(), created);
    var spec = ingress.getSpec();
    List<String> hosts = new ArrayList<>();
    List<PathRule> rules = new ArrayList<>();
    List<IngressRule> specRules = spec.getRules() == null ? List.of() : spec.getRules();
    for (int i = 0; i < specRules.size(); i++) {
      IngressRule rule = specRules.get(i);
      String host = rule.getHost() == null ? "" : rule.getHost();
      if (!hosts.contains(host)) {
        hosts.add(host);
      }
      if (rule.getHttp() == null) {
        continue;
      }
      List<HTTPIngressPath> paths = rule.getHttp().getPaths();
      for (int j = 0; j < paths.size(); j++) {
        HTTPIngressPath p = paths.get(j);
        rules.add(new PathRule(ref, i, j, host, p.getPath() == null ? "" : p.getPath(),
            PathType.fromKubernetesName(p.getPathType()).orElseThrow(),
            backend(ref.namespace(), p.getBackend())));
      }
    }
    Optional<Backend> defaultBackend = spec.getDefaultBackend() == null ? Optional.empty()
        : Optional.of(backend(ref.namespace(), spec.getDefaultBackend()));
    return new IngressDefinition(ref, hosts, rules, defaultBackend,
        NginxAnnotations.from(ingress.getMetadata().getAnnotations()));
  }

  /**
   * Converts many; errors of all objects are collected, and two objects with the same
   * namespace/name are an error.
   *
   * @throws InvalidIngressException listing every invalid field of every object
   */
  public static List<IngressDefinition> from(List<Ingress> ingresses) {
    List<FieldError> errors = new ArrayList<>();
    List<IngressDefinition> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Ingress ingress : ingresses) {
      try {
        IngressDefinition d = from(ingress);
        if (!seen.add(d.ref().toString())) {
          errors.add(new FieldError(IngressValidator.objectName(ingress), "metadata.name",
              FieldError.Type.INVALID, d.ref().name(), "duplicate Ingress " + d.ref()));
        } else {
          out.add(d);
        }
      } catch (InvalidIngressException e) {
        errors.addAll(e.errors());
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidIngressException(errors);
    }
    return out;
  }

  private static Backend backend(String namespace, IngressBackend backend) {
    if (backend.getResource() != null) {
      var r = backend.getResource();
      return new ResourceBackend(namespace, r.getApiGroup(), r.getKind(), r.getName());
    }
    var s = backend.getService();
    String portName = s.getPort().getName();
    Integer number = s.getPort().getNumber();
    return new ServiceBackend(namespace, s.getName(),
        portName == null || portName.isEmpty() ? null : portName, number == null ? 0 : number);
  }
}
