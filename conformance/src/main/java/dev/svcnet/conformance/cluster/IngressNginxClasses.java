package dev.svcnet.conformance.cluster;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which Ingresses an ingress-nginx controller serves, as its store decides (ingress-nginx
 * {@code internal/ingress/controller/store/store.go}, {@code GetIngressClass}; the controller's
 * flags are the parameters):
 * <ol>
 *   <li>{@code spec.ingressClassName} set: served when an IngressClass of that name exists and
 *       its {@code spec.controller} is the controller's class;</li>
 *   <li>else a {@code kubernetes.io/ingress.class} annotation: served when it equals the
 *       controller's {@code --ingress-class};</li>
 *   <li>else (no class at all): served only with {@code --watch-ingress-without-class}.</li>
 * </ol>
 * The default-class annotation ({@code ingressclass.kubernetes.io/is-default-class}) plays no
 * part here: the API server's DefaultIngressClass admission writes the default class into
 * {@code spec.ingressClassName} of Ingresses created without one, so an Ingress stored without
 * a class was created before a default class existed.
 *
 * @param controllerClass {@code --controller-class} ({@code k8s.io/ingress-nginx} by default)
 * @param annotationValue {@code --ingress-class} ({@code nginx} by default)
 * @param watchWithoutClass {@code --watch-ingress-without-class} (off by default)
 */
public record IngressNginxClasses(String controllerClass, String annotationValue,
    boolean watchWithoutClass) {

  /** The legacy class annotation. */
  public static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";
  /** The annotation that marks the default IngressClass. */
  public static final String DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";

  public IngressNginxClasses {
    Objects.requireNonNull(controllerClass, "controllerClass");
    Objects.requireNonNull(annotationValue, "annotationValue");
    if (controllerClass.isBlank() || annotationValue.isBlank()) {
      throw new IllegalArgumentException("the controller class and --ingress-class must not be"
          + " empty");
    }
  }

  /** ingress-nginx's defaults. */
  public static IngressNginxClasses defaults() {
    return new IngressNginxClasses("k8s.io/ingress-nginx", "nginx", false);
  }

  /**
   * The defaults, changed by {@code SVCNET_INGRESS_NGINX_CONTROLLER_CLASS}, {@code
   * SVCNET_INGRESS_NGINX_INGRESS_CLASS} and {@code SVCNET_INGRESS_NGINX_WATCH_WITHOUT_CLASS=true}
   * (set them as the controller's flags are set).
   */
  public static IngressNginxClasses fromEnvironment(Map<String, String> env) {
    IngressNginxClasses d = defaults();
    return new IngressNginxClasses(
        env.getOrDefault("SVCNET_INGRESS_NGINX_CONTROLLER_CLASS", d.controllerClass()),
        env.getOrDefault("SVCNET_INGRESS_NGINX_INGRESS_CLASS", d.annotationValue()),
        "true".equalsIgnoreCase(env.get("SVCNET_INGRESS_NGINX_WATCH_WITHOUT_CLASS")));
  }

  /**
   * The Ingresses served, and why each other one is not.
   *
   * @param notServed {@code Ingress ns/name: reason}, one per Ingress left out
   */
  public record Selection(List<Ingress> served, List<String> notServed) {
    public Selection {
      served = List.copyOf(served);
      notServed = List.copyOf(notServed);
    }
  }

  /** Splits {@code ingresses} into those the controller serves and the others. */
  public Selection select(List<Ingress> ingresses, List<IngressClass> classes) {
    List<Ingress> served = new ArrayList<>();
    List<String> notServed = new ArrayList<>();
    for (Ingress ingress : ingresses) {
      Optional<String> why = whyNotServed(ingress, classes);
      if (why.isEmpty()) {
        served.add(ingress);
      } else {
        notServed.add(name(ingress) + ": " + why.get());
      }
    }
    return new Selection(served, notServed);
  }

  /** Empty when the controller serves {@code ingress}, else the reason. */
  public Optional<String> whyNotServed(Ingress ingress, List<IngressClass> classes) {
    String className = ingress.getSpec() == null ? null : ingress.getSpec().getIngressClassName();
    if (className != null) {
      Optional<IngressClass> found = classes.stream()
          .filter(c -> className.equals(c.getMetadata().getName())).findFirst();
      if (found.isEmpty()) {
        return Optional.of("ingressClassName " + className + " names no IngressClass");
      }
      String controller = found.get().getSpec() == null ? null
          : found.get().getSpec().getController();
      return controllerClass.equals(controller) ? Optional.empty()
          : Optional.of("IngressClass " + className + " belongs to controller " + controller);
    }
    Map<String, String> annotations = ingress.getMetadata().getAnnotations();
    String annotation = annotations == null ? null : annotations.get(CLASS_ANNOTATION);
    if (annotation != null) {
      return annotationValue.equals(annotation) ? Optional.empty()
          : Optional.of(CLASS_ANNOTATION + " is " + annotation + ", not " + annotationValue);
    }
    return watchWithoutClass ? Optional.empty()
        : Optional.of("no class; ingress-nginx serves it only with --watch-ingress-without-class");
  }

  /** The IngressClass marked as the cluster's default, if exactly one is. */
  public static Optional<String> defaultClass(List<IngressClass> classes) {
    List<String> defaults = classes.stream()
        .filter(c -> c.getMetadata().getAnnotations() != null
            && "true".equals(c.getMetadata().getAnnotations().get(DEFAULT_CLASS_ANNOTATION)))
        .map(c -> c.getMetadata().getName()).toList();
    return defaults.size() == 1 ? Optional.of(defaults.get(0)) : Optional.empty();
  }

  static String name(Ingress ingress) {
    return "Ingress " + ingress.getMetadata().getNamespace() + "/"
        + ingress.getMetadata().getName();
  }
}
