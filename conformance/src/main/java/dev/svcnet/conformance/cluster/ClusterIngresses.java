package dev.svcnet.conformance.cluster;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.util.List;

/**
 * What the API server says about the cluster's HTTP routing: every networking.k8s.io/v1 Ingress
 * and IngressClass, and every Service (the Ingresses' backends).
 */
public record ClusterIngresses(List<Ingress> ingresses, List<IngressClass> ingressClasses,
    List<Service> services) {
  public ClusterIngresses {
    ingresses = List.copyOf(ingresses);
    ingressClasses = List.copyOf(ingressClasses);
    services = List.copyOf(services);
  }
}
