package dev.svcnet.cli.ingress;

import dev.svcnet.ingress.FieldError;
import dev.svcnet.ingress.HttpRouteDefinitions;
import dev.svcnet.ingress.IngressValidator;
import dev.svcnet.ingress.InvalidIngressException;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import dev.svcnet.ingress.Manifests;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code svcnet ingress validate}: the API server's checks, field by field. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Check Ingress objects as the API server would (and HTTPRoute path,"
        + " match and backendRef rules). Prints one line per error ('FILE: Ingress ns/name:"
        + " field: message'); exit code 1 if any object is invalid.")
final class ValidateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Ingress manifests (YAML/JSON)")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    IngressValidator validator = IngressValidator.apiServer();
    int objects = 0;
    int invalid = 0;
    for (Path file : files) {
      Manifests manifests = IngressInputs.read(spec.commandLine(), file);
      for (Ingress ingress : manifests.ingresses()) {
        objects++;
        List<FieldError> errors = validator.validate(ingress);
        if (!errors.isEmpty()) {
          invalid++;
        }
        for (FieldError error : errors) {
          out.println(file + ": " + error);
        }
      }
      for (HTTPRoute route : manifests.httpRoutes()) {
        objects++;
        try {
          HttpRouteDefinitions.from(route);
        } catch (InvalidIngressException e) {
          invalid++;
          for (FieldError error : e.errors()) {
            out.println(file + ": " + error);
          }
        }
      }
    }
    out.printf("%d object%s checked, %d invalid%n", objects, objects == 1 ? "" : "s", invalid);
    out.flush();
    return invalid > 0 ? 1 : 0;
  }
}
