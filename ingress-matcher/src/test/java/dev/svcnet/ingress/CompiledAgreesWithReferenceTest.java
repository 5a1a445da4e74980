package dev.svcnet.ingress;

import dev.svcnet.ingress.testing.RandomIngresses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: for random Ingress sets and requests, the compiled router (hash maps, prefix trees,
 * one RE2 alternation) answers exactly what the literal, rule-by-rule reading answers.
 */
class CompiledAgreesWithReferenceTest {

  @Test
  void specModeCompiledRouterAgreesWithTheLiteralSpecReading() {
    agree(Controller.SPEC, false);
  }

  @Test
  void nginxModeCompiledRouterAgreesWithStepByStepNginx() {
    agree(Controller.NGINX, true);
  }

  private static void agree(Controller controller, boolean annotations) {
    qt().withExamples(400).forAll(longs().all()).checkAssert(seed -> {
      Random random = new Random(seed);
      List<IngressDefinition> ingresses = RandomIngresses.ingresses(random, annotations);
      RequestRouter compiled = Routers.compile(ingresses, controller);
      RequestRouter reference = Routers.reference(ingresses, controller);
      for (int i = 0; i < 30; i++) {
        HttpRequest request = controller == Controller.NGINX
            ? RandomIngresses.nginxRequest(random, ingresses)
            : RandomIngresses.request(random, ingresses);
        assertThat(compiled.route(request))
            .as("seed %d, request %s, ingresses %s", seed, request, ingresses)
            .isEqualTo(reference.route(request));
      }
    });
  }
}
