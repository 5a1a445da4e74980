package dev.svcnet.conformance.checks;

import dev.svcnet.conformance.CheckResult;
import dev.svcnet.conformance.Progress;
import dev.svcnet.conformance.Settings;
import dev.svcnet.conformance.Target;
import dev.svcnet.conformance.Verdict;
import dev.svcnet.conformance.XyChart;
import dev.svcnet.netfilter.Backend;
import dev.svcnet.netfilter.Chain;
import dev.svcnet.netfilter.Iptables;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.RuleSetCodec;
import dev.svcnet.netfilter.Table;
import dev.svcnet.netfilter.TableRules;
import dev.svcnet.netfilter.testing.KernelRoundTrip;
import dev.svcnet.proxy.ClusterService;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.EndpointAddressType;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.Ips;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesProfile;
import dev.svcnet.proxy.IptablesRenderer;
import dev.svcnet.proxy.Protocol;
import dev.svcnet.proxy.ServiceEndpointSlice;
import dev.svcnet.proxy.ServicePort;
import dev.svcnet.proxy.ServiceType;
import dev.svcnet.proxy.SliceEndpoint;
import dev.svcnet.proxy.SlicePort;
import dev.svcnet.proxy.sync.ServiceProxier;
import dev.svcnet.proxy.sync.SyncResult;
import dev.svcnet.proxy.testing.ServiceTraffic;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * The sync engine ({@link ServiceProxier}, iptables mode) at growing numbers of Services, with
 * both backends in turn, in one network namespace (a fresh one on {@code netns}, the container's
 * on {@code container}; the tables are emptied after each backend): a full sync of N random
 * Services (1 to 3 endpoints each, some NodePorts), then a partial sync of one changed EndpointSlice; after each, the
 * kernel's kube-proxy chains (iptables-save) must be svcnet's render of the desired state. The
 * time of every sync is charted against N ("sync time vs number of services"); the figures are
 * wall-clock times on this machine, not a benchmark (those are JMH runs in
 * {@code docs/benchmarks/}).
 */
public final class SyncTimeCheck extends NamespaceCheck {

  /** The numbers of Services measured; a run takes the first {@link #sizes(Settings)}. */
  static final List<Integer> SIZES = List.of(100, 250, 500, 1000);
  static final List<Backend> BACKENDS = List.of(Backend.LEGACY, Backend.NFT);
  private static final IptablesOptions OPTIONS = IptablesOptions.defaults(IptablesProfile.CURRENT);
  private static final RuleSetCodec CODEC = RuleSetCodec.standard();

  @Override
  public String capability() {
    return "service-proxy.sync-time";
  }

  @Override
  public String description() {
    return "the iptables sync engine's full and partial syncs leave svcnet's render in the"
        + " kernel, timed against the number of Services";
  }

  /** Two sizes below 20 tries, three below 30, all four from 30 on. */
  static List<Integer> sizes(Settings settings) {
    int count = Math.max(2, Math.min(SIZES.size(), settings.tries() / 10 + 1));
    return SIZES.subList(0, count);
  }

  @Override
  public CheckResult runInThisNamespace(Target target, Settings settings, Progress progress) {
    long started = System.nanoTime();
    List<Integer> sizes = sizes(settings);
    List<XyChart.Series> series = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int step = 0;
    try {
      for (Backend backend : BACKENDS) {
        List<Double> x = new ArrayList<>();
        List<Double> full = new ArrayList<>();
        List<Double> partial = new ArrayList<>();
        try {
          ServiceProxier proxier = ServiceProxier.iptables(backend, ServiceTraffic.NODE,
              IpFamily.IPV4, OPTIONS);
          // One untimed sync first, so that the first size is not charged with the JIT's warm-up.
          proxier.replaceAll(services(20, new Random(settings.seed())));
          proxier.sync();
          for (int size : sizes) {
            ClusterState state = services(size, new Random(settings.seed() + size));
            proxier.replaceAll(state);
            proxier.requestFullResync();
            SyncResult fullSync = proxier.sync();
            kernelMatchesRender(backend, proxier.desired())
                .ifPresent(p -> problems.add(backend + ", " + size + " services, full sync: "
                    + p));
            proxier.updateEndpointSlice(oneMoreEndpoint(state.endpointSlices().get(size / 2)));
            SyncResult partialSync = proxier.sync();
            if (partialSync.full()) {
              problems.add(backend + ", " + size + " services: the sync after one change was"
                  + " a full one");
            }
            kernelMatchesRender(backend, proxier.desired())
                .ifPresent(p -> problems.add(backend + ", " + size
                    + " services, partial sync: " + p));
            x.add((double) size);
            full.add(millis(fullSync.duration()));
            partial.add(millis(partialSync.duration()));
            progress.update(++step, sizes.size() * BACKENDS.size());
          }
        } finally {
          EmptyTables.of(backend);
        }
        String name = "iptables-" + backend.name().toLowerCase(Locale.ROOT);
        series.add(new XyChart.Series("full sync, " + name, x, full));
        series.add(new XyChart.Series("partial sync of one change, " + name, x, partial));
      }
    } catch (IOException e) {
      return new CheckResult(capability(), target, Verdict.NOT_RUN,
          e.getMessage() + " (install with: apt-get install iptables)", elapsed(started));
    } catch (Exception e) {
      return new CheckResult(capability(), target, Verdict.FAILED,
          "the check could not complete: " + e, elapsed(started));
    }
    XyChart chart = new XyChart("sync time vs number of Services (iptables mode)",
        "Services", "sync time (ms, wall clock on this machine)", series);
    if (!problems.isEmpty()) {
      return new CheckResult(capability(), target, Verdict.FAILED, String.join("; ", problems),
          elapsed(started), null, List.of(chart));
    }
    return new CheckResult(capability(), target, Verdict.PASSED, "full and partial syncs of "
        + sizes + " Services x " + BACKENDS.size() + " backends left svcnet's render in the"
        + " kernel; " + summary(series), elapsed(started), null, List.of(chart));
  }

  /** "full sync of 2000: 812 ms (legacy), ..." for the largest size. */
  private static String summary(List<XyChart.Series> series) {
    List<String> parts = new ArrayList<>();
    for (XyChart.Series s : series) {
      int last = s.x().size() - 1;
      parts.add(String.format(Locale.ROOT, "%s at %.0f: %.0f ms", s.name(), s.x().get(last),
          s.y().get(last)));
    }
    return String.join(", ", parts);
  }

  /**
   * In the calling thread's namespace: the kube-proxy chains of the filter and nat tables, as
   * iptables-save prints them, against svcnet's render of {@code desired} in canonical form.
   */
  static Optional<String> kernelMatchesRender(Backend backend, ClusterState desired)
      throws IOException {
    RuleSet rendered = CODEC.parse(IptablesRenderer.render(desired, ServiceTraffic.NODE,
        IpFamily.IPV4, OPTIONS), dev.svcnet.netfilter.IpFamily.IPV4).canonical();
    Iptables iptables = Iptables.of(backend, dev.svcnet.netfilter.IpFamily.IPV4);
    for (Table table : List.of(Table.FILTER, Table.NAT)) {
      List<Chain> expected = userChains(rendered.table(table).orElseThrow(() ->
          new IOException("svcnet's render has no " + table.tableName() + " table")));
      List<Chain> actual = userChains(KernelRoundTrip.withoutCounters(iptables.save(table)));
      if (!actual.equals(expected)) {
        return Optional.of("the " + table.tableName() + " table's " + actual.size()
            + " kube-proxy chains differ from svcnet's render (" + expected.size()
            + " chains)" + firstDifference(actual, expected));
      }
    }
    return Optional.empty();
  }

  private static String firstDifference(List<Chain> actual, List<Chain> expected) {
    for (int i = 0; i < Math.min(actual.size(), expected.size()); i++) {
      if (!actual.get(i).equals(expected.get(i))) {
        return ": first at chain " + expected.get(i).name() + " (kernel has "
            + actual.get(i).name() + ")";
      }
    }
    return "";
  }

  /** The non-built-in chains, by name. */
  private static List<Chain> userChains(TableRules table) {
    return table.chains().stream().filter(c -> !c.isBuiltin())
        .sorted(java.util.Comparator.comparing(c -> c.name().value())).toList();
  }

  /**
   * {@code count} Services {@code load/svc-N} (TCP 80; one in five a NodePort), each with an
   * EndpointSlice of 1 to 3 ready endpoints on port 8080.
   */
  static ClusterState services(int count, Random random) {
    List<ClusterService> services = new ArrayList<>();
    List<ServiceEndpointSlice> slices = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "svc-" + i;
      boolean nodePort = random.nextInt(5) == 0;
      ServicePort port = ServicePort.of("http", Protocol.TCP, 80);
      if (nodePort) {
        port = port.withNodePort(30000 + i);
      }
      services.add(new ClusterService("load", name,
          nodePort ? ServiceType.NODE_PORT : ServiceType.CLUSTER_IP, false,
          List.of(Ips.parse("10.96." + (i >> 8) + "." + (i & 0xFF))), List.of(port), List.of(),
          List.of(), List.of(), 0, false, false, 0, null, false));
      List<SliceEndpoint> endpoints = new ArrayList<>();
      int n = 1 + random.nextInt(3);
      for (int e = 0; e < n; e++) {
        endpoints.add(SliceEndpoint.ready("10." + (100 + e) + "." + (i >> 8) + "." + (i & 0xFF),
            null));
      }
      slices.add(new ServiceEndpointSlice("load", name + "-1", name, EndpointAddressType.IPV4,
          endpoints, List.of(new SlicePort("http", Protocol.TCP, 8080))));
    }
    return ClusterState.of(services, slices);
  }

  private static ServiceEndpointSlice oneMoreEndpoint(ServiceEndpointSlice slice) {
    List<SliceEndpoint> endpoints = new ArrayList<>(slice.endpoints());
    endpoints.add(SliceEndpoint.ready("10.110.0." + (endpoints.size() + 1), null));
    return new ServiceEndpointSlice(slice.namespace(), slice.name(), slice.serviceName(),
        slice.addressType(), endpoints, slice.ports());
  }

  private static double millis(Duration duration) {
    return duration.toNanos() / 1_000_000.0;
  }

  private static Duration elapsed(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }
}
