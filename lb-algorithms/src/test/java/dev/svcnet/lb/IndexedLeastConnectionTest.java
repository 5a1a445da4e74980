package dev.svcnet.lb;

import static dev.svcnet.lb.Scenario.client;
import static dev.svcnet.lb.Scenario.rs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The O(log n) lc/wlc/sed variant decides exactly as the kernel's scan: both get the same random
 * events (adds, re-weights with thresholds, removals, connections opening, establishing, closing)
 * and must agree on every decision.
 */
class IndexedLeastConnectionTest {

  @Test
  void indexedVariantsMakeTheScansDecisionsEventByEvent() {
    qt().withExamples(60).forAll(integers().between(0, 2), longs().all(),
        integers().between(2, 40)).checkAssert((which, seed, maxDests) -> {
          IpvsScheduler scheduler =
              new IpvsScheduler[] {IpvsScheduler.LC, IpvsScheduler.WLC, IpvsScheduler.SED}[which];
          IpvsServiceConfig config = IpvsServiceConfig.of(scheduler);
          List<String> scan = replay(IpvsService.create(config), seed, maxDests);
          List<String> indexed =
              replay(IpvsService.create(config.withIndexedLeastConnection(true)), seed, maxDests);
          assertThat(indexed).as("%s seed %d", scheduler, seed).isEqualTo(scan);
          assertThat(scan).anyMatch(d -> !d.equals("none"));
        });
  }

  private static List<String> replay(IpvsService service, long seed, int maxDests) {
    SplittableRandom random = new SplittableRandom(seed);
    List<IpvsConnection> open = new ArrayList<>();
    List<String> decisions = new ArrayList<>();
    for (int step = 0; step < 400; step++) {
      int action = random.nextInt(12);
      Endpoint endpoint = rs(1 + random.nextInt(maxDests));
      boolean present = service.destinations().stream()
          .anyMatch(d -> d.endpoint().equals(endpoint));
      if (action == 0) {
        int upper = random.nextInt(4) == 0 ? 1 + random.nextInt(6) : 0;
        DestinationConfig destination = new DestinationConfig(endpoint, random.nextInt(5), upper,
            upper == 0 ? 0 : random.nextInt(upper + 1));
        if (present) {
          service.updateDestination(destination);
        } else {
          service.addDestination(destination);
        }
      } else if (action == 1 && present && random.nextInt(3) == 0) {
        service.removeDestination(endpoint);
      } else if (action == 2 && !open.isEmpty()) {
        service.close(open.remove(random.nextInt(open.size())));
      } else if (action == 3 && !open.isEmpty()) {
        service.established(open.get(random.nextInt(open.size())));
      } else if (action == 4 && !open.isEmpty()) {
        service.closing(open.get(random.nextInt(open.size())));
      } else {
        Optional<IpvsConnection> connection = service.open(client(random.nextInt(1000), 2000));
        connection.ifPresent(open::add);
        decisions.add(connection.map(c -> c.destination().toString()).orElse("none"));
      }
    }
    return decisions;
  }
}
