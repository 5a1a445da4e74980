package dev.svcnet.cli.ingress;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code svcnet ingress}: Ingress routing, validation and the nginx configuration it implies. */
@Command(
    name = "ingress",
    mixinStandardHelpOptions = true,
    description = "Route requests over Kubernetes Ingress manifests, validate them, or print the"
        + " nginx configuration ingress-nginx would derive from them.",
    subcommands = {RouteCommand.class, ValidateCommand.class, NginxConfCommand.class})
public final class IngressCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "Missing command: route, validate or nginx-conf");
  }
}
