package dev.svcnet.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The memory goal: the compiled matcher for 10,000 paths over 1,000 hosts retains under
 * 20 MB. Measured as heap in use after full collections (MemoryMXBean) with only the compiled
 * router reachable, minus the heap in use before the rules were built: whatever the router
 * keeps of its input (rules, backends, strings) counts against it.
 */
class CompiledMatcherMemoryTest {

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final long LIMIT = 20L * 1024 * 1024;

  /** Ten paths per host (Exact and Prefix, two and three segments), one Ingress per host. */
  static List<IngressDefinition> tenThousandPaths() {
    List<IngressDefinition> out = new ArrayList<>();
    for (int h = 0; h < 1_000; h++) {
      IngressRef ref = new IngressRef("ns" + (h % 7), "ing" + h, Instant.ofEpochSecond(h));
      String host = "h" + h + ".example.com";
      List<PathRule> rules = new ArrayList<>();
      for (int p = 0; p < 10; p++) {
        PathType type = p % 3 == 0 ? PathType.EXACT : PathType.PREFIX;
        String path = "/svc" + p + "/v" + (p % 2 + 1) + (p % 4 == 0 ? "/items" : "");
        rules.add(new PathRule(ref, 0, p, host, path, type,
            ServiceBackend.ofNumber(ref.namespace(), "svc" + h + "-" + p, 8080)));
      }
      out.add(new IngressDefinition(ref, List.of(host), rules, Optional.empty(),
          NginxAnnotations.NONE));
    }
    return out;
  }

  private static long usedAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static long retainedBy(Controller controller) throws InterruptedException {
    long before = usedAfterGc();
    RequestRouter router = Routers.compile(tenThousandPaths(), controller);
    long after = usedAfterGc();
    // Keeps the router reachable through the second measurement, and checks it works.
    assertEquals("ns0/svc0-1:8080",
        router.route(HttpRequest.get("h0.example.com", "/svc1/v2/x")).describe());
    return after - before;
  }

  @Test
  void compiledSpecMatcherFor10000PathsOver1000HostsRetainsUnder20Mb() throws Exception {
    long retained = retainedBy(Controller.SPEC);
    System.out.printf("compiled spec matcher, 10,000 paths / 1,000 hosts: retains %.1f MB%n",
        retained / 1048576.0);
    assertTrue(retained < LIMIT, "retained " + retained + " bytes");
  }

  @Test
  void compiledNginxMatcherFor10000PathsOver1000HostsRetainsUnder20Mb() throws Exception {
    long retained = retainedBy(Controller.NGINX);
    System.out.printf("compiled nginx matcher, 10,000 paths / 1,000 hosts: retains %.1f MB%n",
        retained / 1048576.0);
    assertTrue(retained < LIMIT, "retained " + retained + " bytes");
  }
}
