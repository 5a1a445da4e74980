package dev.svcnet.benchmarks.proxysync;

import dev.svcnet.netfilter.Backend;
import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.NetworkNamespace;
import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.ClusterService;
import dev.svcnet.proxy.EndpointAddressType;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.Ips;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesProfile;
import dev.svcnet.proxy.IptablesRenderer;
import dev.svcnet.proxy.NodeSettings;
import dev.svcnet.proxy.Protocol;
import dev.svcnet.proxy.ServiceEndpointSlice;
import dev.svcnet.proxy.ServicePort;
import dev.svcnet.proxy.ServiceType;
import dev.svcnet.proxy.SliceEndpoint;
import dev.svcnet.proxy.SlicePort;
import dev.svcnet.proxy.sync.ServiceProxier;
import dev.svcnet.proxy.sync.SyncResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The iptables-mode sync engine on a fresh network namespace (needs root) holding the rules of
 * {@link #SERVICES} ClusterIP services with {@link #ENDPOINTS} endpoints each, loaded once per
 * trial by the proxier's first (full) sync. Every invocation changes the kernel:
 * {@code partialSync} replaces one service's endpoints (alternating between two endpoint sets)
 * and syncs, re-rendering that service only; {@code addRemoveService} adds a service, then
 * deletes it on the next invocation (both rewrite KUBE-SERVICES, 10,000 rules); {@code fullSync}
 * forces a full resync (rendering everything, iptables-save, every chain written). The peer,
 * {@code fullRestore}, is the bare {@code iptables-restore} of the whole payload (rendered in the
 * setup) into a second namespace that already holds it: what a proxier that rewrites everything
 * pays at the least. The full operations take seconds each, so they run single-shot.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class ProxySyncBenchmark {

  static final int SERVICES = 10_000;
  static final int ENDPOINTS = 2;

  @Param({"LEGACY", "NFT"})
  Backend backend;

  NetworkNamespace namespace;
  NetworkNamespace peer;
  String fullPayload;
  ServiceProxier proxier;
  final ServiceEndpointSlice[] changed = new ServiceEndpointSlice[2];
  int next;
  /** Whether {@code addRemoveService} added its service last. */
  boolean added;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    NodeSettings node = new NodeSettings("node-a", List.of(Ips.parse("192.168.0.2")),
        List.of(Cidr.parse("10.244.0.0/16")), "cluster.local");
    proxier = ServiceProxier.iptables(backend, node, IpFamily.IPV4,
        IptablesOptions.defaults(IptablesProfile.CURRENT));
    for (int s = 0; s < SERVICES; s++) {
      proxier.updateService(new ClusterService("bench", "svc" + s, ServiceType.CLUSTER_IP, false,
          List.of(Ips.parse("10.96." + (s / 250) + "." + (s % 250 + 1))),
          List.of(ServicePort.of("http", Protocol.TCP, 80)), List.of(), List.of(), List.of(), 0,
          false, false, 0, null, false));
      proxier.updateEndpointSlice(slice(s, 0));
    }
    changed[0] = slice(42, 0);
    changed[1] = slice(42, 100);
    namespace = NetworkNamespace.create("proxy-sync-benchmark");
    namespace.call(proxier::sync);
    fullPayload = IptablesRenderer.render(proxier.desired(), node, IpFamily.IPV4,
        IptablesOptions.defaults(IptablesProfile.CURRENT));
    peer = NetworkNamespace.create("proxy-sync-peer");
    peer.call(this::restoreFullPayload);
  }

  private CommandResult restoreFullPayload() throws IOException {
    CommandResult result = ExternalCommand.of(
        backend.restoreProgram(dev.svcnet.netfilter.IpFamily.IPV4), "-w")
        .withStdin(fullPayload).withTimeout(Duration.ofMinutes(5)).run();
    if (!result.succeeded()) {
      throw new IOException(result.describe());
    }
    return result;
  }

  private static ServiceEndpointSlice slice(int service, int shift) {
    List<SliceEndpoint> endpoints = new ArrayList<>();
    for (int e = 0; e < ENDPOINTS; e++) {
      int host = service * ENDPOINTS + e + shift;
      endpoints.add(SliceEndpoint.ready("10.244." + (host / 250) + "." + (host % 250 + 1), null));
    }
    return new ServiceEndpointSlice("bench", "svc" + service + "-1", "svc" + service,
        EndpointAddressType.IPV4, endpoints, List.of(new SlicePort("http", Protocol.TCP, 8080)));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (namespace != null) {
      namespace.close();
    }
    if (peer != null) {
      peer.close();
    }
  }

  @Benchmark
  public SyncResult partialSync() throws Exception {
    proxier.updateEndpointSlice(changed[next++ & 1]);
    return namespace.call(proxier::sync);
  }

  @Benchmark
  public SyncResult addRemoveService() throws Exception {
    if (added) {
      proxier.deleteService("bench", "extra");
      proxier.deleteEndpointSlice("bench", "extra-1");
    } else {
      proxier.updateService(new ClusterService("bench", "extra", ServiceType.CLUSTER_IP, false,
          List.of(Ips.parse("10.97.0.1")), List.of(ServicePort.of("http", Protocol.TCP, 80)),
          List.of(), List.of(), List.of(), 0, false, false, 0, null, false));
      proxier.updateEndpointSlice(new ServiceEndpointSlice("bench", "extra-1", "extra",
          EndpointAddressType.IPV4, List.of(SliceEndpoint.ready("10.250.0.1", null),
              SliceEndpoint.ready("10.250.0.2", null)),
          List.of(new SlicePort("http", Protocol.TCP, 8080))));
    }
    added = !added;
    return namespace.call(proxier::sync);
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public CommandResult fullRestore() throws Exception {
    return peer.call(this::restoreFullPayload);
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public SyncResult fullSync() throws Exception {
    proxier.updateEndpointSlice(changed[next++ & 1]);
    proxier.requestFullResync();
    return namespace.call(proxier::sync);
  }
}
