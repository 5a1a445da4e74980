package dev.svcnet.cli.ingress;

import dev.svcnet.ingress.HttpRouteDefinition;
import dev.svcnet.ingress.HttpRouteDefinitions;
import dev.svcnet.ingress.IngressClassSelector;
import dev.svcnet.ingress.IngressDefinition;
import dev.svcnet.ingress.IngressDefinitions;
import dev.svcnet.ingress.InvalidIngressException;
import dev.svcnet.ingress.ManifestException;
import dev.svcnet.ingress.Manifests;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Reads manifest files into validated Ingress definitions; bad input is a usage error. */
final class IngressInputs {

  private IngressInputs() {}

  /**
   * Every valid Ingress of the files, optionally only those of {@code ingressClass}.
   *
   * @throws ParameterException naming the file (and object and field) on bad input
   */
  static List<IngressDefinition> load(CommandLine cli, List<Path> files, String ingressClass) {
    List<Ingress> ingresses = new ArrayList<>();
    List<IngressClass> classes = new ArrayList<>();
    List<Path> origins = new ArrayList<>();
    for (Path file : files) {
      Manifests manifests = read(cli, file);
      for (Ingress ingress : manifests.ingresses()) {
        ingresses.add(ingress);
        origins.add(file);
      }
      classes.addAll(manifests.ingressClasses());
    }
    IngressClassSelector selector = null;
    if (ingressClass != null) {
      String defaultClass = null;
      for (IngressClass c : classes) {
        var annotations = c.getMetadata().getAnnotations();
        if (annotations != null
            && "true".equals(annotations.get(IngressClassSelector.DEFAULT_CLASS_ANNOTATION))) {
          defaultClass = c.getMetadata().getName();
        }
      }
      selector = new IngressClassSelector(Set.of(ingressClass), defaultClass);
    }
    List<IngressDefinition> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < ingresses.size(); i++) {
      Ingress ingress = ingresses.get(i);
      if (selector != null && !selector.selects(ingress)) {
        continue;
      }
      Path origin = origins.get(i);
      IngressDefinition definition;
      try {
        definition = IngressDefinitions.from(ingress);
      } catch (InvalidIngressException e) {
        throw new ParameterException(cli, e.errors().stream()
            .map(error -> origin + ": " + error)
            .collect(Collectors.joining(System.lineSeparator())));
      }
      if (!seen.add(definition.ref().toString())) {
        throw new ParameterException(cli, origin + ": Ingress " + definition.ref()
            + " is defined twice");
      }
      out.add(definition);
    }
    return out;
  }

  /**
   * Every HTTPRoute of the files, validated.
   *
   * @throws ParameterException naming the file, object and field on bad input
   */
  static List<HttpRouteDefinition> loadHttpRoutes(CommandLine cli, List<Path> files) {
    List<HttpRouteDefinition> out = new ArrayList<>();
    for (Path file : files) {
      for (HTTPRoute route : read(cli, file).httpRoutes()) {
        try {
          out.add(HttpRouteDefinitions.from(route));
        } catch (InvalidIngressException e) {
          throw new ParameterException(cli, e.errors().stream()
              .map(error -> file + ": " + error)
              .collect(Collectors.joining(System.lineSeparator())));
        }
      }
    }
    return out;
  }

  /** One file's objects; a missing or unparsable file is a usage error naming it. */
  static Manifests read(CommandLine cli, Path file) {
    try {
      return Manifests.read(List.of(file));
    } catch (ManifestException e) {
      throw new ParameterException(cli, e.getMessage());
    }
  }
}
