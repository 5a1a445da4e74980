package dev.svcnet.cli.ingress;

import dev.svcnet.ingress.Candidate;
import dev.svcnet.ingress.Controller;
import dev.svcnet.ingress.Explanation;
import dev.svcnet.ingress.HttpRequest;
import dev.svcnet.ingress.GatewayOutcome;
import dev.svcnet.ingress.GatewayRouteResult;
import dev.svcnet.ingress.HttpRouteRouter;
import dev.svcnet.ingress.IngressDefinition;
import dev.svcnet.ingress.RequestRouter;
import dev.svcnet.ingress.Routers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code svcnet ingress route}: which backend gets each request. */
@Command(
    name = "route",
    mixinStandardHelpOptions = true,
    description = "Print where each request goes: 'HOST/PATH -> namespace/service:port',"
        + " '-> default-backend namespace/service:port' or '-> 404'.")
final class RouteCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--controller", paramLabel = "spec|nginx", defaultValue = "spec",
      description = "spec: the Ingress v1 specification (default); nginx: ingress-nginx;"
          + " gateway: Gateway API HTTPRoutes in the files")
  String controller;

  @Option(names = "--request", paramLabel = "[METHOD ]HOST/PATH[?QUERY]", required = true,
      description = "a request; repeat for several")
  List<String> requests;

  @Option(names = "--header", paramLabel = "NAME:VALUE",
      description = "a request header for every request; HTTPRoutes match on headers,"
          + " Ingress rules never do")
  List<String> headers = new ArrayList<>();

  @Option(names = "--ingress-class", paramLabel = "NAME",
      description = "route only Ingresses of this class (spec.ingressClassName or the"
          + " kubernetes.io/ingress.class annotation; class-less ones if NAME is the default"
          + " IngressClass in the files)")
  String ingressClass;

  @Option(names = "--listener-hostname", paramLabel = "HOST",
      description = "gateway: the listener's hostname (routes must intersect it)")
  String listenerHostname;

  @Option(names = "--explain", description = "list every candidate rule and why it lost")
  boolean explain;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Ingress manifests (YAML/JSON)")
  List<Path> files;

  @Override
  public Integer call() {
    String mode = controller.toLowerCase(Locale.ROOT);
    if (!List.of("spec", "nginx", "gateway").contains(mode)) {
      throw new ParameterException(spec.commandLine(), "--controller: unknown controller '"
          + controller + "', expected spec, nginx or gateway");
    }
    List<HttpRequest> parsed = new ArrayList<>();
    for (String request : requests) {
      HttpRequest r;
      try {
        r = HttpRequest.parse(request);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--request: " + e.getMessage());
      }
      for (String header : headers) {
        int colon = header.indexOf(':');
        if (colon <= 0) {
          throw new ParameterException(spec.commandLine(),
              "--header: expected NAME:VALUE, got '" + header + "'");
        }
        r = r.withHeader(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
      }
      parsed.add(r);
    }
    if (mode.equals("gateway")) {
      return routeGateway(parsed);
    }
    List<IngressDefinition> ingresses =
        IngressInputs.load(spec.commandLine(), files, ingressClass);
    RequestRouter router;
    try {
      router = Routers.compile(ingresses, mode.equals("nginx") ? Controller.NGINX
          : Controller.SPEC);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    for (HttpRequest request : parsed) {
      if (explain) {
        Explanation explanation = router.explain(request);
        out.println(request.describe() + " -> " + explanation.result().describe());
        for (Candidate candidate : explanation.candidates()) {
          out.println("  " + candidate);
        }
      } else {
        out.println(request.describe() + " -> " + router.route(request).describe());
      }
    }
    out.flush();
    return 0;
  }

  private Integer routeGateway(List<HttpRequest> parsed) {
    HttpRouteRouter router = HttpRouteRouter.of(
        IngressInputs.loadHttpRoutes(spec.commandLine(), files), listenerHostname);
    PrintWriter out = spec.commandLine().getOut();
    for (HttpRequest request : parsed) {
      GatewayRouteResult result = router.route(request);
      out.println(request.describe() + " -> " + result.describe());
      if (result instanceof GatewayRouteResult.Matched matched && hasFilters(matched)) {
        for (GatewayOutcome outcome : matched.apply(request)) {
          out.println("  => " + outcome.describe());
        }
      }
      if (explain) {
        for (Candidate candidate : router.explain(request)) {
          out.println("  " + candidate);
        }
      }
    }
    out.flush();
    return 0;
  }

  /** Whether the matched rule or one of its backendRefs has filters to apply. */
  private static boolean hasFilters(GatewayRouteResult.Matched matched) {
    return !matched.rule().filters().isEmpty()
        || matched.rule().backends().stream().anyMatch(b -> !b.filters().isEmpty());
  }
}
