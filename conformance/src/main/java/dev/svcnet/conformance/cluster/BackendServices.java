package dev.svcnet.conformance.cluster;

import dev.svcnet.ingress.Backend;
import dev.svcnet.ingress.IngressDefinition;
import dev.svcnet.ingress.PathRule;
import dev.svcnet.ingress.ResourceBackend;
import dev.svcnet.ingress.ServiceBackend;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster's Services, looked up for the backends Ingresses name: a Service port is found by
 * {@code spec.ports[].port} (a backend port number) or {@code spec.ports[].name} (a backend port
 * name). A backend whose Service or port does not exist has no endpoints, and ingress-nginx
 * answers 503 for it.
 */
public final class BackendServices {

  private final List<Service> services;

  public BackendServices(List<Service> services) {
    this.services = List.copyOf(services);
  }

  /** What is missing for {@code backend}: empty when its Service has the port. */
  public Optional<String> missing(Backend backend) {
    if (backend instanceof ResourceBackend r) {
      return Optional.of("resource backend " + r.describe() + " is not a Service");
    }
    ServiceBackend s = (ServiceBackend) backend;
    Optional<Service> service = services.stream()
        .filter(v -> s.namespace().equals(v.getMetadata().getNamespace())
            && s.name().equals(v.getMetadata().getName())).findFirst();
    if (service.isEmpty()) {
      return Optional.of("no Service " + s.namespace() + "/" + s.name());
    }
    List<ServicePort> ports = service.get().getSpec() == null
        || service.get().getSpec().getPorts() == null ? List.of()
        : service.get().getSpec().getPorts();
    boolean found = ports.stream().anyMatch(p -> s.portName() != null
        ? s.portName().equals(p.getName()) : p.getPort() != null && p.getPort() == s.portNumber());
    return found ? Optional.empty() : Optional.of("Service " + s.namespace() + "/" + s.name()
        + " has no port " + (s.portName() != null ? s.portName() : s.portNumber()));
  }

  /** {@code ns/web:80 (Service exists)} or the backend with what is missing. */
  public String describe(Backend backend) {
    return backend.describe() + " (" + missing(backend).map(m -> m + ": ingress-nginx answers 503")
        .orElse("Service port exists") + ")";
  }

  /** Every backend of the Ingresses whose Service or port is missing, once each. */
  public List<String> unresolved(List<IngressDefinition> ingresses) {
    Set<Backend> backends = new LinkedHashSet<>();
    for (IngressDefinition ingress : ingresses) {
      ingress.rules().stream().map(PathRule::backend).forEach(backends::add);
      ingress.defaultBackend().ifPresent(backends::add);
    }
    List<String> out = new ArrayList<>();
    for (Backend backend : backends) {
      missing(backend).ifPresent(m -> out.add(backend.describe() + ": " + m));
    }
    return out;
  }

  /**
   * The backend an answer names ({@code 200 ns/web:80} or {@code 200 default-backend ns/web:80}),
   * described with its Service; other answers (404, 301, 400) as they are.
   */
  public String describeAnswer(String answer, List<IngressDefinition> ingresses) {
    if (!answer.startsWith("200 ")) {
      return answer;
    }
    String name = answer.substring(4).replaceFirst("^default-backend ", "");
    for (IngressDefinition ingress : ingresses) {
      List<Backend> backends = new ArrayList<>();
      ingress.rules().forEach(r -> backends.add(r.backend()));
      ingress.defaultBackend().ifPresent(backends::add);
      for (Backend backend : backends) {
        if (backend.describe().equals(name)) {
          return answer.substring(0, 4) + (answer.contains("default-backend ")
              ? "default-backend " : "") + describe(backend);
        }
      }
    }
    return answer;
  }
}
