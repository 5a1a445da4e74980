package dev.svcnet.ingress;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kubernetes objects of some YAML or JSON manifest files (multi-document YAML and
 * {@code kind: List} included), sorted by kind; other kinds are counted and ignored.
 *
 * @param ingresses networking.k8s.io/v1 Ingresses, in file order
 * @param ingressClasses networking.k8s.io/v1 IngressClasses, in file order
 * @param httpRoutes gateway.networking.k8s.io/v1 HTTPRoutes, in file order
 * @param ignored how many objects of other kinds were skipped
 */
public record Manifests(
    List<Ingress> ingresses, List<IngressClass> ingressClasses, List<HTTPRoute> httpRoutes,
    int ignored) {

  /** fabric8's YAML/JSON reader with every model on the class path registered. */
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  public Manifests {
    ingresses = List.copyOf(ingresses);
    ingressClasses = List.copyOf(ingressClasses);
    httpRoutes = List.copyOf(httpRoutes);
  }

  /**
   * Reads every file.
   *
   * @throws ManifestException naming the file that is missing, unreadable or not a manifest
   */
  public static Manifests read(List<Path> files) {
    List<Ingress> ingresses = new ArrayList<>();
    List<IngressClass> classes = new ArrayList<>();
    List<HTTPRoute> routes = new ArrayList<>();
    int ignored = 0;
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        throw new ManifestException(file, "no such file", null);
      }
      Object parsed;
      try (InputStream in = Files.newInputStream(file)) {
        parsed = SERIALIZATION.unmarshal(in);
      } catch (IOException | RuntimeException e) {
        throw new ManifestException(file, "not a Kubernetes manifest: " + firstLine(e), e);
      }
      List<Object> objects = new ArrayList<>();
      flatten(parsed, objects);
      for (Object o : objects) {
        if (o instanceof Ingress i) {
          ingresses.add(i);
        } else if (o instanceof IngressClass c) {
          classes.add(c);
        } else if (o instanceof HTTPRoute h) {
          routes.add(h);
        } else if (o instanceof HasMetadata h && "Ingress".equals(h.getKind())) {
          throw new ManifestException(file, "Ingress " + h.getMetadata().getName()
              + " has apiVersion " + h.getApiVersion() + ", only networking.k8s.io/v1 is read",
              null);
        } else {
          ignored++;
        }
      }
    }
    return new Manifests(ingresses, classes, routes, ignored);
  }

  private static void flatten(Object parsed, List<Object> out) {
    if (parsed == null) {
      return;
    }
    if (parsed instanceof List<?> list) {
      for (Object o : list) {
        flatten(o, out);
      }
    } else if (parsed instanceof KubernetesList list) {
      for (Object o : list.getItems()) {
        flatten(o, out);
      }
    } else {
      out.add(parsed);
    }
  }

  private static String firstLine(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
