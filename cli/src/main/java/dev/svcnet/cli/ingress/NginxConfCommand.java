package dev.svcnet.cli.ingress;

import dev.svcnet.ingress.IngressDefinition;
import dev.svcnet.ingress.Routers;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code svcnet ingress nginx-conf}: the nginx server blocks ingress-nginx's semantics imply. */
@Command(
    name = "nginx-conf",
    mixinStandardHelpOptions = true,
    description = "Print nginx server blocks (for an http {} context) with the locations"
        + " ingress-nginx would generate; each location answers 200 with its backend's name"
        + " (namespace/service:port), the controller default backend answers 404.")
final class NginxConfCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--listen", paramLabel = "ADDRESS", defaultValue = "80",
      description = "the listen address of every server (default: ${DEFAULT-VALUE})")
  String listen;

  @Option(names = "--ingress-class", paramLabel = "NAME",
      description = "only Ingresses of this class")
  String ingressClass;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Ingress manifests (YAML/JSON)")
  List<Path> files;

  @Override
  public Integer call() {
    List<IngressDefinition> ingresses =
        IngressInputs.load(spec.commandLine(), files, ingressClass);
    String conf;
    try {
      conf = Routers.nginxConf(ingresses, listen);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--listen: " + e.getMessage());
    }
    spec.commandLine().getOut().print(conf);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
