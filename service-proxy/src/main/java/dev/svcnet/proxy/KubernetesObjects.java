package dev.svcnet.proxy;

import dev.svcnet.proxy.internal.EndpointSliceConverter;
import dev.svcnet.proxy.internal.ServiceConverter;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads Services, EndpointSlices (discovery.k8s.io/v1) and Pods into a {@link ClusterState},
 * from fabric8 objects or from YAML/JSON files (several documents per file, or a {@code List}).
 * Other kinds are skipped. Every object is validated as the API server would: anything it would
 * reject is an {@link InvalidObjectException} naming the object and the field.
 */
public final class KubernetesObjects {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private KubernetesObjects() {}

  /** The state made of {@code objects} (Services, EndpointSlices, Pods; others are skipped). */
  public static ClusterState fromObjects(Collection<?> objects) {
    List<ClusterService> services = new ArrayList<>();
    List<ServiceEndpointSlice> slices = new ArrayList<>();
    List<PodIdentity> pods = new ArrayList<>();
    for (Object object : objects) {
      add(object, services, slices, pods);
    }
    return new ClusterState(services, slices, pods);
  }

  /** Reads every file (YAML or JSON, several documents each) into one state. */
  public static ClusterState fromFiles(List<Path> files) throws IOException {
    List<Object> objects = new ArrayList<>();
    for (Path file : files) {
      objects.addAll(parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
    }
    return fromObjects(objects);
  }

  /** Reads YAML or JSON text (several documents allowed). */
  public static ClusterState fromYaml(String text) {
    return fromObjects(parse(text, "input"));
  }

  private static List<Object> parse(String text, String source) {
    Object parsed;
    try {
      parsed = SERIALIZATION.unmarshal(
          new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException(source + ": not Kubernetes YAML or JSON: "
          + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(source + ": not Kubernetes YAML or JSON: "
          + e.getMessage(), e);
    }
    List<Object> out = new ArrayList<>();
    if (parsed instanceof Collection<?> many) {
      out.addAll(many);
    } else if (parsed != null) {
      out.add(parsed);
    }
    return out;
  }

  private static void add(Object object, List<ClusterService> services,
      List<ServiceEndpointSlice> slices, List<PodIdentity> pods) {
    if (object instanceof KubernetesList list) {
      for (Object item : list.getItems()) {
        add(item, services, slices, pods);
      }
    } else if (object instanceof Service service) {
      services.add(ServiceConverter.convert(service));
    } else if (object instanceof EndpointSlice slice) {
      EndpointSliceConverter.convert(slice).ifPresent(slices::add);
    } else if (object instanceof Pod pod) {
      pods.add(EndpointSliceConverter.convert(pod));
    }
  }
}
