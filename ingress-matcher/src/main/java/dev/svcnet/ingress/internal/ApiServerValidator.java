package dev.svcnet.ingress.internal;

import dev.svcnet.ingress.FieldError;
import dev.svcnet.ingress.IngressValidator;
import dev.svcnet.ingress.PathType;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReference;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The API server's Ingress create validation (networking/validation/validation.go). */
public final class ApiServerValidator implements IngressValidator {

  /** The legacy class annotation. */
  public static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";

  private static final List<String> INVALID_SEQUENCES = List.of("//", "/./", "/../", "%2f", "%2F");
  private static final List<String> INVALID_SUFFIXES = List.of("/..", "/.");

  @Override
  public List<FieldError> validate(Ingress ingress) {
    Errors errors = new Errors(IngressValidator.objectName(ingress));
    String name = ingress.getMetadata() == null ? null : ingress.getMetadata().getName();
    if (name == null || name.isEmpty()) {
      errors.required("metadata.name", "name or generateName is required");
    } else {
      errors.invalidAll("metadata.name", name, DnsNames.subdomainErrors(name));
    }
    IngressSpec spec = ingress.getSpec();
    if (spec == null) {
      errors.invalid("spec", null, "either `defaultBackend` or `rules` must be specified");
      return errors.list;
    }
    Map<String, String> annotations =
        ingress.getMetadata() == null ? null : ingress.getMetadata().getAnnotations();
    String annotationClass = annotations == null ? null : annotations.get(CLASS_ANNOTATION);
    if (annotationClass != null && spec.getIngressClassName() != null
        && !annotationClass.equals(spec.getIngressClassName())) {
      errors.invalid("annotations." + CLASS_ANNOTATION, annotationClass,
          "must match `ingressClassName` when both are specified");
    }
    List<IngressRule> rules = spec.getRules() == null ? List.of() : spec.getRules();
    if (rules.isEmpty() && spec.getDefaultBackend() == null) {
      errors.invalid("spec", null, "either `defaultBackend` or `rules` must be specified");
    }
    if (spec.getDefaultBackend() != null) {
      backend(errors, "spec.defaultBackend", spec.getDefaultBackend());
    }
    for (int i = 0; i < rules.size(); i++) {
      rule(errors, "spec.rules[" + i + "]", rules.get(i));
    }
    List<IngressTLS> tls = spec.getTls() == null ? List.of() : spec.getTls();
    for (int k = 0; k < tls.size(); k++) {
      List<String> hosts = tls.get(k).getHosts() == null ? List.of() : tls.get(k).getHosts();
      for (int m = 0; m < hosts.size(); m++) {
        String host = hosts.get(m);
        String field = "spec.tls[" + k + "].hosts[" + m + "]";
        errors.invalidAll(field, host, host.contains("*") ? DnsNames.wildcardErrors(host)
            : DnsNames.subdomainErrors(host));
      }
    }
    return errors.list;
  }

  private static void rule(Errors errors, String field, IngressRule rule) {
    String host = rule.getHost();
    if (host != null && !host.isEmpty()) {
      if (DnsNames.isIp(host)) {
        errors.invalid(field + ".host", host, DnsNames.NOT_IP);
      }
      errors.invalidAll(field + ".host", host, host.contains("*")
          ? DnsNames.wildcardErrors(host) : DnsNames.subdomainErrors(host));
    }
    if (rule.getHttp() == null) {
      return;
    }
    List<HTTPIngressPath> paths = rule.getHttp().getPaths() == null ? List.of()
        : rule.getHttp().getPaths();
    if (paths.isEmpty()) {
      errors.required(field + ".http.paths", "");
    }
    for (int j = 0; j < paths.size(); j++) {
      path(errors, field + ".http.paths[" + j + "]", paths.get(j));
    }
  }

  private static void path(Errors errors, String field, HTTPIngressPath path) {
    String value = path.getPath() == null ? "" : path.getPath();
    if (path.getPathType() == null) {
      errors.required(field + ".pathType", "pathType must be specified");
    } else {
      PathType type = PathType.fromKubernetesName(path.getPathType()).orElse(null);
      if (type == null) {
        errors.add(new FieldError(errors.object, field + ".pathType",
            FieldError.Type.UNSUPPORTED, path.getPathType(),
            "supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\""));
      } else if (type == PathType.IMPLEMENTATION_SPECIFIC) {
        if (!value.isEmpty() && !value.startsWith("/")) {
          errors.invalid(field + ".path", value, "must be an absolute path");
        }
      } else {
        if (!value.startsWith("/")) {
          errors.invalid(field + ".path", value, "must be an absolute path");
        }
        if (!value.isEmpty()) {
          for (String sequence : INVALID_SEQUENCES) {
            if (value.contains(sequence)) {
              errors.invalid(field + ".path", value, "must not contain '" + sequence + "'");
            }
          }
          for (String suffix : INVALID_SUFFIXES) {
            if (value.endsWith(suffix)) {
              errors.invalid(field + ".path", value, "cannot end with '" + suffix + "'");
            }
          }
        }
      }
    }
    if (path.getBackend() == null) {
      errors.invalid(field + ".backend", "", "resource or service backend is required");
    } else {
      backend(errors, field + ".backend", path.getBackend());
    }
  }

  private static void backend(Errors errors, String field, IngressBackend backend) {
    boolean resource = backend.getResource() != null;
    boolean service = backend.getService() != null;
    if (resource && service) {
      errors.invalid(field, "", "cannot set both resource and service backends");
      return;
    }
    if (resource) {
      TypedLocalObjectReference ref = backend.getResource();
      String group = ref.getApiGroup();
      if (group != null && !group.isEmpty()) {
        errors.invalidAll(field + ".resource.apiGroup", group, DnsNames.subdomainErrors(group));
      }
      if (ref.getKind() == null || ref.getKind().isEmpty()) {
        errors.required(field + ".resource.kind", "");
      }
      if (ref.getName() == null || ref.getName().isEmpty()) {
        errors.required(field + ".resource.name", "");
      }
      return;
    }
    if (!service) {
      errors.invalid(field, "", "resource or service backend is required");
      return;
    }
    String name = backend.getService().getName();
    if (name == null || name.isEmpty()) {
      errors.required(field + ".service.name", "");
    } else {
      errors.invalidAll(field + ".service.name", name, DnsNames.serviceNameErrors(name));
    }
    var port = backend.getService().getPort();
    String portName = port == null ? null : port.getName();
    Integer portNumber = port == null ? null : port.getNumber();
    boolean hasName = portName != null && !portName.isEmpty();
    boolean hasNumber = portNumber != null && portNumber != 0;
    if (hasName && hasNumber) {
      errors.invalid(field, "", "cannot set both port name & port number");
    } else if (hasName) {
      errors.invalidAll(field + ".service.port.name", portName, DnsNames.portNameErrors(portName));
    } else if (hasNumber) {
      if (portNumber < 1 || portNumber > 65535) {
        errors.invalid(field + ".service.port.number", String.valueOf(portNumber),
            "must be between 1 and 65535, inclusive");
      }
    } else {
      errors.required(field, "port name or number is required");
    }
  }

  private static final class Errors {
    final String object;
    final List<FieldError> list = new ArrayList<>();

    Errors(String object) {
      this.object = object;
    }

    void add(FieldError error) {
      list.add(error);
    }

    void invalid(String field, String value, String detail) {
      list.add(new FieldError(object, field, FieldError.Type.INVALID, value, detail));
    }

    void invalidAll(String field, String value, List<String> details) {
      for (String detail : details) {
        invalid(field, value, detail);
      }
    }

    void required(String field, String detail) {
      list.add(new FieldError(object, field, FieldError.Type.REQUIRED, null, detail));
    }
  }
}
