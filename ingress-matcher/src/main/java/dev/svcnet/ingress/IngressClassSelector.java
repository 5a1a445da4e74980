package dev.svcnet.ingress;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which Ingresses a controller serves.
 *
 * <p>An Ingress's class is {@code spec.ingressClassName}, else the legacy
 * {@code kubernetes.io/ingress.class} annotation. It is selected when that class is one of
 * {@code classNames}; an Ingress with neither is selected only when {@code defaultClass} (the
 * IngressClass annotated {@code ingressclass.kubernetes.io/is-default-class: "true"}) is one of
 * them.
 *
 * @param classNames the IngressClass names this controller owns
 * @param defaultClass the cluster's default IngressClass name, or null
 */
public record IngressClassSelector(Set<String> classNames, String defaultClass) {

  /** The annotation that marks the default IngressClass. */
  public static final String DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";

  public IngressClassSelector {
    classNames = Set.copyOf(classNames);
  }

  /** Selects Ingresses of class {@code name} only (class-less Ingresses are not selected). */
  public static IngressClassSelector of(String name) {
    Objects.requireNonNull(name, "name");
    return new IngressClassSelector(Set.of(name), null);
  }

  /**
   * The classes whose {@code spec.controller} is {@code controller} (e.g.
   * {@code k8s.io/ingress-nginx}), with the default class taken from the annotation.
   */
  public static IngressClassSelector forController(
      String controller, List<IngressClass> ingressClasses) {
    Set<String> names = new java.util.HashSet<>();
    String defaultClass = null;
    for (IngressClass c : ingressClasses) {
      if (c.getSpec() != null && controller.equals(c.getSpec().getController())) {
        names.add(c.getMetadata().getName());
        var annotations = c.getMetadata().getAnnotations();
        if (annotations != null && "true".equals(annotations.get(DEFAULT_CLASS_ANNOTATION))) {
          defaultClass = c.getMetadata().getName();
        }
      }
    }
    return new IngressClassSelector(names, defaultClass);
  }

  /** The class an Ingress asks for, or null. */
  public static String classOf(Ingress ingress) {
    if (ingress.getSpec() != null && ingress.getSpec().getIngressClassName() != null) {
      return ingress.getSpec().getIngressClassName();
    }
    var annotations = ingress.getMetadata() == null ? null
        : ingress.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get("kubernetes.io/ingress.class");
  }

  /** Whether this controller serves {@code ingress}. */
  public boolean selects(Ingress ingress) {
    String c = classOf(ingress);
    return c == null ? defaultClass != null && classNames.contains(defaultClass)
        : classNames.contains(c);
  }

  /** The selected Ingresses, in input order. */
  public List<Ingress> select(List<Ingress> ingresses) {
    return ingresses.stream().filter(this::selects).toList();
  }
}
