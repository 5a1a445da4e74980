package dev.svcnet.conformance.cluster;

import dev.svcnet.conformance.Check;
import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Counterexample;
import dev.svcnet.conformance.Progress;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.conformance.checks.NginxRoutingDifferential;
import dev.svcnet.conformance.checks.NginxRoutingDifferential.Disagreement;
import dev.svcnet.harness.nginx.LocalNginx;
import dev.svcnet.ingress.Controller;
import dev.svcnet.ingress.FieldError;
import dev.svcnet.ingress.HttpRequest;
import dev.svcnet.ingress.IngressDefinition;
import dev.svcnet.ingress.IngressDefinitions;
import dev.svcnet.ingress.IngressValidator;
import dev.svcnet.ingress.InvalidIngressException;
import dev.svcnet.ingress.PathRule;
import dev.svcnet.ingress.Routers;
import dev.svcnet.ingress.testing.RandomIngresses;
import dev.svcnet.netlink.netns.NetworkNamespace;
import dev.svcnet.netlink.netns.Privileges;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The cluster's own Ingresses against svcnet's model of ingress-nginx: reads every Ingress,
 * IngressClass and Service from the API server, keeps the Ingresses an ingress-nginx controller
 * serves ({@link IngressNginxClasses}), and checks
 * <ul>
 *   <li>validation: each is run through ingress-matcher's validation; whatever svcnet says the
 *       API server (or ingress-nginx) rejects is a difference naming the object, the field and
 *       the rule, since the object is stored in the cluster;</li>
 *   <li>routing: the valid ones are routed by ingress-matcher in nginx mode and by a real nginx
 *       configured as ingress-nginx would be, in a fresh network namespace
 *       ({@link NginxRoutingDifferential}), for a request to every rule's own path plus requests
 *       drawn from the seed around the rules; the first disagreement shrinks to the fewest
 *       Ingresses and path rules that still disagree on it, its backends named with their
 *       Services.</li>
 * </ul>
 * Backends whose Service or port does not exist are listed in the result (ingress-nginx answers
 * 503 for them). The controller itself is not probed.
 */
public final class IngressNginxClusterCheck implements Check {
  public static final String CAPABILITY = "cluster.ingress-nginx";

  /** Tries beyond this add no requests: the request count stays a few seconds' worth. */
  static final int MAX_TRIES = 25;
  static final int REQUESTS_PER_TRY = 40;
  private static final int SHRINK_PROBES = 60;

  private final Supplier<KubernetesClient> clients;
  private final Path nginx;
  private final IngressNginxClasses classes;

  /** The check as the command line runs it: kubeconfig or in-cluster config, Debian's nginx. */
  public IngressNginxClusterCheck() {
    this(() -> new KubernetesClientBuilder().build(), LocalNginx.BINARY,
        IngressNginxClasses.fromEnvironment(System.getenv()));
  }

  public IngressNginxClusterCheck(Supplier<KubernetesClient> clients, Path nginx,
      IngressNginxClasses classes) {
    this.clients = clients;
    this.nginx = nginx;
    this.classes = classes;
  }

  @Override
  public String capability() {
    return CAPABILITY;
  }

  @Override
  public String description() {
    return "the cluster's ingress-nginx Ingresses are valid as svcnet validates them and route in a"
        + " real nginx as svcnet predicts";
  }

  @Override
  public Set<Target> targets() {
    return Set.of(Target.CLUSTER);
  }

  @Override
  public CheckResult run(Target target, Settings settings) {
    return run(target, settings, Progress.ignored());
  }

  @Override
  public CheckResult run(Target target, Settings settings, Progress progress) {
    if (!targets().contains(target)) {
      return CheckResult.notRun(CAPABILITY, target, "runs on the cluster target only");
    }
    String noNginx = LocalNginx.unavailable(nginx);
    if (noNginx != null) {
      return CheckResult.notRun(CAPABILITY, target, noNginx);
    }
    String missing = Privileges.missingForNamespaces();
    if (missing != null) {
      return CheckResult.notRun(CAPABILITY, target, missing);
    }
    long started = System.nanoTime();
    ClusterIngresses cluster;
    try (KubernetesClient client = clients.get()) {
      cluster = ApiServerReader.readIngresses(client);
    } catch (KubernetesClientException | IllegalStateException e) {
      return CheckResult.notRun(CAPABILITY, target, "cannot read the API server: "
          + e.getMessage());
    }
    IngressNginxClasses.Selection selection = classes.select(cluster.ingresses(),
        cluster.ingressClasses());
    String classesText = "ingress-nginx classes: controller " + classes.controllerClass()
        + ", --ingress-class " + classes.annotationValue()
        + (classes.watchWithoutClass() ? ", --watch-ingress-without-class" : "")
        + IngressNginxClasses.defaultClass(cluster.ingressClasses())
            .map(d -> "; default IngressClass " + d).orElse("");
    if (selection.served().isEmpty()) {
      return CheckResult.notRun(CAPABILITY, target, "no Ingress in the cluster is served by"
          + " ingress-nginx, nothing to check (" + cluster.ingresses().size() + " Ingresses; "
          + classesText + ")" + notServed(selection));
    }

    List<String> rejected = new ArrayList<>();
    List<IngressDefinition> valid = validate(selection.served(), rejected);
    BackendServices services = new BackendServices(cluster.services());
    List<String> unresolved = services.unresolved(valid);
    String where = selection.served().size() + " Ingresses served by ingress-nginx ("
        + classesText + ")" + notServed(selection)
        + (unresolved.isEmpty() ? "" : "; backends without a Service port (ingress-nginx answers"
            + " 503): " + String.join(", ", unresolved));

    Optional<CheckResult> routing = Optional.empty();
    int requests = 0;
    if (!valid.isEmpty()) {
      List<HttpRequest> sent = requests(valid, settings);
      requests = sent.size();
      try {
        routing = route(target, settings, valid, sent, services, rejected, where, started);
      } catch (Exception e) {
        return new CheckResult(CAPABILITY, target, Verdict.FAILED,
            "the check could not complete: " + e, elapsed(started));
      }
    }
    if (routing.isPresent()) {
      return routing.get();
    }
    if (!rejected.isEmpty()) {
      String problem = rejected.size() + (rejected.size() == 1 ? " field" : " fields")
          + " of the cluster's Ingresses svcnet's validation rejects, though the cluster stored"
          + " them (" + where + ")";
      Counterexample counterexample = new Counterexample(settings.seed(),
          String.join("\n", rejected), rejected.size(), rejected.get(0), 1, problem,
          Counterexample.reproduceCommand(target, CAPABILITY, reproduceSettings(settings)));
      return new CheckResult(CAPABILITY, target, Verdict.FAILED, problem
          + (valid.isEmpty() ? "" : "; the " + valid.size() + " others routed in nginx as svcnet"
              + " predicts for " + requests + " requests"), elapsed(started), counterexample,
          List.of());
    }
    return new CheckResult(CAPABILITY, target, Verdict.PASSED, valid.size() + " Ingresses valid"
        + " and " + requests + " requests answered by nginx as svcnet predicts (" + where + ")",
        elapsed(started));
  }

  /**
   * The Ingresses svcnet accepts, as definitions; each rejected field is added to {@code
   * rejected} with the rule that rejects it.
   */
  private static List<IngressDefinition> validate(List<Ingress> served, List<String> rejected) {
    List<IngressDefinition> valid = new ArrayList<>();
    for (Ingress ingress : served) {
      List<FieldError> errors = IngressValidator.apiServer().validate(ingress);
      if (!errors.isEmpty()) {
        for (FieldError error : errors) {
          rejected.add(error + " [the API server's Ingress validation"
              + " (pkg/apis/networking/validation) rejects this; stored anyway, so svcnet's"
              + " validator is wrong or the object predates the rule]");
        }
        continue;
      }
      IngressDefinition definition;
      try {
        definition = IngressDefinitions.from(ingress);
      } catch (InvalidIngressException e) {
        e.errors().forEach(error -> rejected.add(error + " [svcnet cannot read this field]"));
        continue;
      }
      try {
        Routers.compile(List.of(definition), Controller.NGINX);
      } catch (IllegalArgumentException e) {
        rejected.add(IngressValidator.objectName(ingress) + ": " + e.getMessage()
            + " [ingress-nginx accepts only RE2 regular expressions in paths; stored anyway, so"
            + " ingress-nginx's admission webhook was off or svcnet's model is wrong]");
        continue;
      }
      valid.add(definition);
    }
    return valid;
  }

  /**
   * A request to every rule's own path (letters, digits, {@code / _ -} of it; a wildcard host's
   * {@code *} as {@code w}), then {@code min(tries, 25) * 40} requests drawn from the seed around
   * the rules (ingress-matcher's {@link RandomIngresses#nginxRequest}).
   */
  static List<HttpRequest> requests(List<IngressDefinition> ingresses, Settings settings) {
    List<HttpRequest> out = new ArrayList<>();
    for (IngressDefinition ingress : ingresses) {
      for (PathRule rule : ingress.rules()) {
        String path = rule.effectivePath().replaceAll("[^A-Za-z0-9/_-]", "");
        out.add(HttpRequest.get(rule.host().replace("*", "w"),
            path.startsWith("/") ? path : "/" + path));
      }
    }
    Random random = new Random(settings.seed() ^ 0xC1A55L);
    int drawn = Math.min(settings.tries(), MAX_TRIES) * REQUESTS_PER_TRY;
    for (int i = 0; i < drawn; i++) {
      out.add(RandomIngresses.nginxRequest(random, ingresses));
    }
    return out;
  }

  private Optional<CheckResult> route(Target target, Settings settings,
      List<IngressDefinition> valid, List<HttpRequest> requests, BackendServices services,
      List<String> rejected, String where, long started) throws Exception {
    Controller model = settings.faultyModels() ? Controller.SPEC : Controller.NGINX;
    Path dir = Files.createTempDirectory("svcnet-conformance-cluster-nginx");
    try (NetworkNamespace ns = NetworkNamespace.create("conformance-cluster-ingress")) {
      NginxRoutingDifferential differential = new NginxRoutingDifferential(nginx, dir, model);
      return ns.call(() -> {
        Optional<Disagreement> found = differential.firstDisagreement(valid, requests);
        if (found.isEmpty()) {
          return Optional.<CheckResult>empty();
        }
        Disagreement first = found.get();
        List<IngressDefinition> minimal = differential.shrink(valid, first.request(),
            SHRINK_PROBES);
        Disagreement last = differential.firstDisagreement(minimal, List.of(first.request()))
            .orElse(first);
        String backends = "request " + first.request().describe() + ": svcnet "
            + services.describeAnswer(last.predicted(), minimal) + ", nginx "
            + services.describeAnswer(last.observed(), minimal);
        String problem = "routing: " + backends + (rejected.isEmpty() ? ""
            : "; and " + rejected.size() + " fields svcnet's validation rejects, first: "
                + rejected.get(0));
        Counterexample counterexample = new Counterexample(settings.seed(),
            valid.size() + " valid Ingresses served by ingress-nginx ("
                + valid.stream().map(d -> d.ref().toString()).toList() + "); request "
                + first.request().describe(),
            NginxRoutingDifferential.size(valid),
            NginxRoutingDifferential.describe(minimal) + "; request "
                + first.request().describe(),
            NginxRoutingDifferential.size(minimal), problem,
            Counterexample.reproduceCommand(target, CAPABILITY, reproduceSettings(settings)));
        return Optional.of(new CheckResult(CAPABILITY, target, Verdict.FAILED, "the cluster's"
            + " Ingresses route differently in nginx than svcnet predicts: " + first.problem()
            + "; shrunk from " + NginxRoutingDifferential.size(valid) + " to "
            + NginxRoutingDifferential.size(minimal) + " Ingresses and path rules (" + where
            + ")", elapsed(started), counterexample, List.of()));
      });
    } finally {
      NginxRoutingDifferential.deleteQuietly(dir);
    }
  }

  private static Settings reproduceSettings(Settings settings) {
    return settings.withTries(Math.min(settings.tries(), MAX_TRIES));
  }

  private static String notServed(IngressNginxClasses.Selection selection) {
    return selection.notServed().isEmpty() ? ""
        : "; not served: " + String.join("; ", selection.notServed());
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
