package dev.svcnet.proxy.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.svcnet.harness.netns.InNetworkNamespace;
import dev.svcnet.netfilter.Backend;
import dev.svcnet.netfilter.Iptables;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.RuleSetCodec;
import dev.svcnet.netfilter.Table;
import dev.svcnet.netfilter.TableRules;
import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.NetworkNamespace;
import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.Ips;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesProfile;
import dev.svcnet.proxy.IptablesRenderer;
import dev.svcnet.proxy.NodeSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sync engine in iptables mode against the real iptables-restore and iptables-save of both
 * backends, in this test's fresh network namespace: after every sync of a random sequence of
 * Service and EndpointSlice changes, the kernel's filter and nat tables (iptables-save,
 * normalized by netfilter-api's canonical form) equal what a fresh full render of the current
 * desired state, plus the jump rules, gives when loaded into another, empty namespace.
 */
@InNetworkNamespace
class IptablesIncrementalSyncTest {

  static final NodeSettings NODE = new NodeSettings("node-a", List.of(Ips.parse("10.244.0.1")),
      List.of(Cidr.parse("10.244.0.0/16")), "cluster.local");
  static final IptablesOptions OPTIONS = IptablesOptions.defaults(IptablesProfile.CURRENT);
  private static final RuleSetCodec CODEC = RuleSetCodec.standard();

  @ParameterizedTest
  @EnumSource(value = Backend.class, names = {"LEGACY", "NFT"})
  @Timeout(240)
  void afterEverySyncTheKernelEqualsAFreshFullRender(Backend backend) {
    qt().withExamples(12).withShrinkCycles(20)
        .forAll(lists().of(integers().between(0, 1023)).ofSizeBetween(1, 10))
        .checkAssert(seeds -> {
          try {
            check(backend, seeds.stream().map(ClusterChange::of).toList());
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  private static void check(Backend backend, List<ClusterChange> changes) throws Exception {
    empty(backend);
    ServiceProxier proxier = ServiceProxier.iptables(backend, NODE, IpFamily.IPV4, OPTIONS);
    SyncResult first = proxier.sync();
    assertThat(first.full()).isTrue();
    assertThat(kernel(backend)).isEqualTo(freshRender(backend, proxier.desired()));
    List<String> done = new ArrayList<>();
    for (ClusterChange change : changes) {
      change.applyTo(proxier);
      done.add(change.toString());
      SyncResult result = proxier.sync();
      assertThat(result.full()).isFalse();
      assertThat(result.servicePortsRendered()).as("only the changed service is rendered again")
          .isLessThanOrEqualTo(1);
      assertThat(kernel(backend)).as("after %s", done)
          .isEqualTo(freshRender(backend, proxier.desired()));
      SyncResult again = proxier.sync();
      assertThat(again.wroteNothing()).as("a second sync of the same state").isTrue();
      assertThat(again.servicePortsRendered()).as("nothing changed, nothing rendered").isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(value = Backend.class, names = {"LEGACY", "NFT"})
  void aFailedSyncKeepsTheTableAndIsRepairedByTheNextFullSync(Backend backend) throws Exception {
    empty(backend);
    ServiceProxier proxier = ServiceProxier.iptables(backend, NODE, IpFamily.IPV4, OPTIONS);
    new ClusterChange(ClusterChange.Kind.UPDATE_SERVICE, 0, 0).applyTo(proxier);
    new ClusterChange(ClusterChange.Kind.UPDATE_SLICE, 0, 0b11).applyTo(proxier);
    proxier.sync();
    String svcChain = kernel(backend).lines().filter(l -> l.startsWith(":KUBE-SVC-"))
        .findFirst().orElseThrow().substring(1).split(" ")[0];
    // A chain the proxier does not own jumps to the service's chain, so the kernel refuses to
    // delete it when the service goes away.
    restore(backend, "*nat\n:HOLDER - [0:0]\n-A HOLDER -j " + svcChain + "\nCOMMIT\n", true);
    String before = kernel(backend);

    new ClusterChange(ClusterChange.Kind.DELETE_SERVICE, 0, 0).applyTo(proxier);
    new ClusterChange(ClusterChange.Kind.DELETE_SLICE, 0, 0).applyTo(proxier);
    assertThatThrownBy(proxier::sync).isInstanceOf(SyncException.class);
    assertThat(kernel(backend)).as("the nat table after the refused sync").isEqualTo(before);

    restore(backend, "*nat\n-F HOLDER\n-X HOLDER\nCOMMIT\n", true);
    SyncResult retry = proxier.sync();
    assertThat(retry.full()).as("the sync after a failure").isTrue();
    assertThat(kernel(backend)).isEqualTo(freshRender(backend, proxier.desired()));
    assertThat(proxier.lastSync()).contains(retry);
  }

  @ParameterizedTest
  @EnumSource(value = Backend.class, names = {"LEGACY", "NFT"})
  void aPartialSyncWritesOnlyTheChangedChainsAndAForcedResyncWritesAll(Backend backend)
      throws Exception {
    empty(backend);
    ServiceProxier proxier = ServiceProxier.iptables(backend, NODE, IpFamily.IPV4, OPTIONS);
    for (int s = 0; s < ClusterChange.SERVICES; s++) {
      new ClusterChange(ClusterChange.Kind.UPDATE_SERVICE, s, 1).applyTo(proxier);
      new ClusterChange(ClusterChange.Kind.UPDATE_SLICE, s, 0b1111).applyTo(proxier);
    }
    SyncResult full = proxier.sync();
    assertThat(full.servicePortsRendered()).isEqualTo(ClusterChange.SERVICES);
    // svc2 loses backends 2 and 3: its KUBE-SVC and KUBE-EXT chains change, two SEP chains go.
    new ClusterChange(ClusterChange.Kind.UPDATE_SLICE, 2, 0b0011).applyTo(proxier);
    SyncResult partial = proxier.sync();
    assertThat(partial.full()).isFalse();
    assertThat(partial.servicePortsRendered()).as("svc2 alone is rendered again").isEqualTo(1);
    assertThat(partial.deleted()).isEqualTo(2);
    assertThat(partial.written()).isBetween(1, 2);
    assertThat(partial.rulesWritten()).isLessThan(full.rulesWritten() / 4);
    assertThat(kernel(backend)).isEqualTo(freshRender(backend, proxier.desired()));

    proxier.requestFullResync();
    SyncResult resync = proxier.sync();
    assertThat(resync.full()).isTrue();
    assertThat(resync.written()).isGreaterThan(partial.written());
    assertThat(kernel(backend)).isEqualTo(freshRender(backend, proxier.desired()));
  }

  /** Empties filter and nat of this namespace for the backend. */
  private static void empty(Backend backend) throws Exception {
    Iptables.of(backend, dev.svcnet.netfilter.IpFamily.IPV4).replace(
        RuleSet.of(dev.svcnet.netfilter.IpFamily.IPV4, new TableRules(Table.FILTER, List.of()),
            new TableRules(Table.NAT, List.of())), false);
  }

  /** filter and nat of the calling thread's namespace, normalized. */
  static String kernel(Backend backend) throws IOException {
    StringBuilder out = new StringBuilder();
    for (String table : List.of("filter", "nat")) {
      String saved = ExternalCommand.of(backend.saveProgram(dev.svcnet.netfilter.IpFamily.IPV4),
          "-t", table).runChecked();
      out.append(CODEC.normalize(saved, dev.svcnet.netfilter.IpFamily.IPV4));
    }
    return out.toString();
  }

  /** The full render of {@code state} and the jump rules, loaded into an empty namespace. */
  static String freshRender(Backend backend, ClusterState state) throws Exception {
    try (NetworkNamespace fresh = NetworkNamespace.create("fresh-render")) {
      return fresh.call(() -> {
        restore(backend, IptablesRenderer.render(state, NODE, IpFamily.IPV4, OPTIONS), false);
        restore(backend, IptablesRenderer.jumpRules(IpFamily.IPV4, OPTIONS), true);
        return kernel(backend);
      });
    }
  }

  static void restore(Backend backend, String payload, boolean noflush) throws IOException {
    List<String> argv = new ArrayList<>(List.of(
        backend.restoreProgram(dev.svcnet.netfilter.IpFamily.IPV4), "-w"));
    if (noflush) {
      argv.add("--noflush");
    }
    CommandResult result = ExternalCommand.of(argv.toArray(String[]::new)).withStdin(payload)
        .run();
    assertThat(result.exitCode()).as(result.describe() + "\n" + payload).isZero();
  }
}
