package dev.svcnet.proxy.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.svcnet.netfilter.Chain;
import dev.svcnet.netfilter.Rule;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.RuleSetCodec;
import dev.svcnet.netfilter.Table;
import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.ClusterService;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.Ips;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesProfile;
import dev.svcnet.proxy.IptablesRenderer;
import dev.svcnet.proxy.KubernetesObjects;
import dev.svcnet.proxy.NodeSettings;
import dev.svcnet.proxy.ServiceEndpointSlice;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The incremental render against the full one, without a kernel: starting from the objects of a
 * test resource (every feature, or kube-proxy's own test objects), random Services are deleted
 * and put back, EndpointSlices lose an endpoint, move to another Service or are put back. After
 * each change, re-rendering only the Services it touches (as the proxier marks them) and
 * applying the reported chain writes and deletions to the chains before gives exactly the chains
 * of a fresh full render, in both families; and only the touched Services' ports are rendered.
 */
class RenderedServicesTest {

  static final NodeSettings NODE = new NodeSettings("node-a",
      List.of(Ips.parse("192.168.0.2"), Ips.parse("fd00::2")),
      List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00:10::/64")), "cluster.local");
  static final IptablesOptions OPTIONS = IptablesOptions.defaults(IptablesProfile.CURRENT);
  static final RuleSetCodec CODEC = RuleSetCodec.standard();
  static final List<Table> TABLES = List.of(Table.FILTER, Table.NAT);

  @ParameterizedTest
  @ValueSource(strings = {"/features/all-features.yaml",
      "/golden/kube-proxy/overall-services.yaml"})
  void changesAppliedToTheChainsBeforeGiveAFreshFullRender(String resource) throws IOException {
    ClusterState base = KubernetesObjects.fromYaml(resource(resource));
    qt().withExamples(25).withShrinkCycles(50)
        .forAll(lists().of(integers().between(0, 1 << 12)).ofSizeBetween(1, 12))
        .checkAssert(seeds -> {
          for (IpFamily family : IpFamily.values()) {
            check(base, family, seeds);
          }
        });
  }

  private static void check(ClusterState base, IpFamily family, List<Integer> seeds) {
    DesiredState desired = new DesiredState();
    desired.replaceAll(base);
    dev.svcnet.netfilter.IpFamily ruleFamily = dev.svcnet.netfilter.IpFamily.valueOf(
        family.name());
    RenderedServices rendered = new RenderedServices(NODE, family, OPTIONS,
        line -> CODEC.parseRule(line, ruleFamily));
    rendered.renderAll(desired);
    Map<Table, Map<String, List<Rule>>> kernel = new HashMap<>();
    for (Table table : TABLES) {
      Map<String, List<Rule>> chains = new HashMap<>();
      rendered.chains(table).forEach(c -> chains.put(c, rendered.chain(table, c).rules()));
      kernel.put(table, chains);
    }
    assertThat(kernel).isEqualTo(fullRender(desired, family));
    List<String> done = new ArrayList<>();
    for (int seed : seeds) {
      Set<String> touched = apply(seed, base, desired, done);
      RenderedServices.Changes changes = rendered.render(desired, touched);
      for (Table table : TABLES) {
        for (String chain : changes.written().get(table)) {
          kernel.get(table).put(chain, rendered.chain(table, chain).rules());
        }
        changes.deleted().get(table).forEach(kernel.get(table)::remove);
      }
      assertThat(kernel).as("%s after %s", family, done).isEqualTo(fullRender(desired, family));
      int ports = 0;
      for (String service : touched) {
        ClusterService now = desired.service(service);
        ports += now == null ? 0 : now.ports().size();
      }
      assertThat(changes.servicePortsRendered()).as("after %s", done)
          .isLessThanOrEqualTo(ports);
    }
  }

  /** Applies change {@code seed}; the Services it touches, as the proxier marks them. */
  private static Set<String> apply(int seed, ClusterState base, DesiredState desired,
      List<String> done) {
    List<ClusterService> services = base.services();
    List<ServiceEndpointSlice> slices = base.endpointSlices();
    ClusterService service = services.get((seed >> 2) % services.size());
    ServiceEndpointSlice slice = slices.get((seed >> 2) % slices.size());
    ServiceEndpointSlice current = desired.slicesOf(slice.serviceKey()).stream()
        .filter(s -> s.name().equals(slice.name())).findFirst().orElse(null);
    Set<String> touched = new LinkedHashSet<>();
    switch (seed & 3) {
      case 0 -> {
        desired.removeService(service.namespace(), service.name());
        touched.add(service.key());
        done.add("delete service " + service.key());
      }
      case 1 -> {
        desired.put(service);
        touched.add(service.key());
        done.add("put back service " + service.key());
      }
      case 2 -> {
        ServiceEndpointSlice changed = slice;
        if (!slice.endpoints().isEmpty() && (seed & 16) != 0) {
          List<dev.svcnet.proxy.SliceEndpoint> fewer = new ArrayList<>(slice.endpoints());
          fewer.remove((seed >> 5) % fewer.size());
          changed = new ServiceEndpointSlice(slice.namespace(), slice.name(),
              slice.serviceName(), slice.addressType(), fewer, slice.ports());
        }
        touched.addAll(put(desired, changed));
        done.add("put slice " + slice.name() + " with " + changed.endpoints().size()
            + " endpoints");
      }
      default -> {
        List<ClusterService> sameNamespace = services.stream()
            .filter(s -> s.namespace().equals(slice.namespace())).toList();
        ClusterService target = sameNamespace.get((seed >> 6) % sameNamespace.size());
        if ((seed & 32) != 0 && current != null) {
          ServiceEndpointSlice removed = desired.removeSlice(slice.namespace(), slice.name());
          touched.add(removed.serviceKey());
          done.add("delete slice " + slice.name());
        } else {
          touched.addAll(put(desired, new ServiceEndpointSlice(slice.namespace(), slice.name(),
              target.name(), slice.addressType(), slice.endpoints(), slice.ports())));
          done.add("move slice " + slice.name() + " to " + target.name());
        }
      }
    }
    return touched;
  }

  private static Set<String> put(DesiredState desired, ServiceEndpointSlice slice) {
    Set<String> touched = new LinkedHashSet<>();
    ServiceEndpointSlice old = desired.put(slice);
    if (old != null) {
      touched.add(old.serviceKey());
    }
    touched.add(slice.serviceKey());
    return touched;
  }

  private static Map<Table, Map<String, List<Rule>>> fullRender(DesiredState desired,
      IpFamily family) {
    String payload = IptablesRenderer.render(desired.snapshot(), NODE, family, OPTIONS);
    RuleSet parsed = CODEC.parse(payload, dev.svcnet.netfilter.IpFamily.valueOf(family.name()));
    Map<Table, Map<String, List<Rule>>> out = new HashMap<>();
    for (Table table : TABLES) {
      Map<String, List<Rule>> chains = new HashMap<>();
      parsed.table(table).ifPresent(rules -> {
        for (Chain chain : rules.chains()) {
          chains.put(chain.name().value(), chain.rules());
        }
      });
      out.put(table, chains);
    }
    return out;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = RenderedServicesTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
