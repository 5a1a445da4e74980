package dev.svcnet.benchmarks.proxy;

import dev.svcnet.netfilter.Table;
import dev.svcnet.netfilter.TableUpdate;
import dev.svcnet.netfilter.internal.RestorePayload;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesProfile;
import dev.svcnet.proxy.IptablesRenderer;
import dev.svcnet.proxy.ServiceEndpointSlice;
import dev.svcnet.proxy.SliceEndpoint;
import dev.svcnet.netfilter.RuleSetCodec;
import dev.svcnet.proxy.sync.internal.DesiredState;
import dev.svcnet.proxy.sync.internal.RenderedServices;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The sizes behind the "one-service payload under 1% of the full one" goal, for the same
 * cluster as {@link ServiceProxyRenderBenchmark}: the full payload; the payload of the one
 * service alone; the rules of the full payload in kube-proxy's top-level chains (KUBE-SERVICES,
 * KUBE-NODEPORTS, ...); and the iptables-restore text the iptables sync engine's partial sync
 * sends (netfilter-api's payload for the same table updates) after one change: an endpoint of
 * one service replaced, a service added, a service deleted. Usage: {@code java -cp
 * benchmarks.jar dev.svcnet.benchmarks.proxy.PayloadSizes [SERVICES [ENDPOINTS]]}.
 */
public final class PayloadSizes {

  private PayloadSizes() {}

  public static void main(String[] args) {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int endpoints = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    IptablesOptions options = IptablesOptions.defaults(IptablesProfile.CURRENT);
    ClusterState cluster = SyntheticCluster.of(services, endpoints);
    String full = IptablesRenderer.render(cluster, SyntheticCluster.NODE, IpFamily.IPV4, options);
    ClusterState alone = SyntheticCluster.single(services / 2, endpoints);
    String one = IptablesRenderer.render(alone, SyntheticCluster.NODE, IpFamily.IPV4, options);
    long topLevelBytes = 0;
    long topLevelLines = 0;
    for (String line : full.split("\n")) {
      if (line.startsWith("-A ") && !line.startsWith("-A KUBE-SVC-")
          && !line.startsWith("-A KUBE-SEP-") && !line.startsWith("-A KUBE-EXT-")
          && !line.startsWith("-A KUBE-SVL-") && !line.startsWith("-A KUBE-FW-")) {
        topLevelBytes += line.length() + 1;
        topLevelLines++;
      }
    }
    System.out.printf("services=%d endpoints/service=%d%n", services, endpoints);
    System.out.printf("full payload:              %,d bytes, %,d lines%n", full.length(),
        full.lines().count());
    line("one service alone:", one, full);
    System.out.printf("top-level rules of full:   %,d bytes, %,d lines (%.2f%% of full bytes)%n",
        topLevelBytes, topLevelLines, 100.0 * topLevelBytes / full.length());

    DesiredState desired = new DesiredState();
    desired.replaceAll(cluster);
    RuleSetCodec codec = RuleSetCodec.standard();
    RenderedServices rendered = new RenderedServices(SyntheticCluster.NODE, IpFamily.IPV4,
        options, rule -> codec.parseRule(rule, dev.svcnet.netfilter.IpFamily.IPV4));
    rendered.renderAll(desired);

    ServiceEndpointSlice slice = alone.endpointSlices().get(0);
    List<SliceEndpoint> moved = new ArrayList<>(slice.endpoints().subList(1,
        slice.endpoints().size()));
    moved.add(SliceEndpoint.ready("10.250.0.1", "node-1"));
    desired.put(new ServiceEndpointSlice(slice.namespace(), slice.name(), slice.serviceName(),
        slice.addressType(), moved, slice.ports()));
    line("partial sync, one endpoint replaced:", partial(desired, rendered, slice.serviceKey()),
        full);

    ClusterState added = SyntheticCluster.single(services, endpoints);
    desired.put(added.services().get(0));
    desired.put(added.endpointSlices().get(0));
    line("partial sync, one service added:", partial(desired, rendered,
        added.services().get(0).key()), full);

    String deleted = added.services().get(0).key();
    desired.removeService(added.services().get(0).namespace(), added.services().get(0).name());
    line("partial sync, one service deleted:", partial(desired, rendered, deleted), full);
  }

  /** The restore text of the partial sync after {@code serviceKey} changed. */
  private static String partial(DesiredState desired, RenderedServices rendered,
      String serviceKey) {
    RenderedServices.Changes changes = rendered.render(desired, Set.of(serviceKey));
    List<TableUpdate> updates = new ArrayList<>();
    for (Table table : List.of(Table.FILTER, Table.NAT)) {
      TableUpdate update = rendered.update(table, changes);
      if (!update.chains().isEmpty() || !update.deleted().isEmpty()) {
        updates.add(update);
      }
    }
    return RestorePayload.updating(dev.svcnet.netfilter.IpFamily.IPV4, updates, false).text();
  }

  private static void line(String what, String payload, String full) {
    System.out.printf("%-38s %,d bytes, %,d lines (%.4f%% of full bytes)%n", what,
        payload.length(), payload.lines().count(), 100.0 * payload.length() / full.length());
  }
}
