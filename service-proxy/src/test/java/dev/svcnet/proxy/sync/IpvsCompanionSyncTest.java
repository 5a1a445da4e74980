package dev.svcnet.proxy.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.svcnet.harness.netns.InNetworkNamespace;
import dev.svcnet.netfilter.Backend;
import dev.svcnet.netfilter.RuleSetCodec;
import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.NetworkNamespace;
import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.ClusterService;
import dev.svcnet.proxy.ClusterState;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.IpSetEntries;
import dev.svcnet.proxy.Ips;
import dev.svcnet.proxy.IptablesOptions;
import dev.svcnet.proxy.IptablesProfile;
import dev.svcnet.proxy.IpvsPlan;
import dev.svcnet.proxy.IpvsPlanner;
import dev.svcnet.proxy.KubernetesObjects;
import dev.svcnet.proxy.NodeSettings;
import dev.svcnet.proxy.sync.internal.IpvsCompanionSync;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * IPVS mode's ipsets and iptables rules against the real {@code ipset}, iptables-restore and
 * iptables-save of both backends, in this test's fresh network namespace (this kernel has ip_set
 * and xt_set but no IPVS, so the IPVS table itself is proven in {@link IpvsSyncKernelTest}):
 * after every sync of a random sequence of Service and EndpointSlice changes, {@code ipset save}
 * holds exactly the plan's sets and entries, and iptables-save equals the plan's payload and jump
 * rules loaded into another, empty namespace. Besides the generated services a LoadBalancer with
 * an external IP, source ranges and externalTrafficPolicy Local fills the other sets.
 */
@InNetworkNamespace
class IpvsCompanionSyncTest {

  static final NodeSettings NODE = new NodeSettings("node-a", List.of(Ips.parse("10.244.0.1")),
      List.of(Cidr.parse("10.244.0.0/16")), "cluster.local");
  static final IptablesOptions OPTIONS = IptablesOptions.defaults(IptablesProfile.CURRENT);
  private static final RuleSetCodec CODEC = RuleSetCodec.standard();

  /** A LoadBalancer whose source ranges hold the node IP (no rule needing the ipvs match). */
  static final ClusterState LOAD_BALANCER = KubernetesObjects.fromYaml(
      "apiVersion: v1\nkind: Service\nmetadata: {namespace: lb, name: web}\n"
      + "spec: {type: LoadBalancer, clusterIP: 10.96.1.10, externalIPs: [198.51.100.1],"
      + " externalTrafficPolicy: Local, healthCheckNodePort: 32000,"
      + " loadBalancerSourceRanges: [10.244.0.0/16, 203.0.113.0/24],"
      + " ports: [{name: http, port: 80, nodePort: 31080},"
      + " {name: dns, port: 53, protocol: UDP, nodePort: 31053},"
      + " {name: assoc, port: 9, protocol: SCTP, nodePort: 31009}]}\n"
      + "status: {loadBalancer: {ingress: [{ip: 203.0.113.9}]}}\n---\n"
      + "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\n"
      + "metadata: {namespace: lb, name: web-1, labels: {kubernetes.io/service-name: web}}\n"
      + "addressType: IPv4\nendpoints: [{addresses: [10.244.2.7]}, {addresses: [10.244.0.5],"
      + " nodeName: node-a}]\n"
      + "ports: [{name: http, port: 8080}, {name: dns, port: 53, protocol: UDP},"
      + " {name: assoc, port: 9, protocol: SCTP}]\n");

  @ParameterizedTest
  @EnumSource(value = Backend.class, names = {"LEGACY", "NFT"})
  @Timeout(240)
  void afterEverySyncTheSetsAndRulesEqualTheFreshPlan(Backend backend) {
    qt().withExamples(8).withShrinkCycles(10)
        .forAll(lists().of(integers().between(0, 1023)).ofSizeBetween(1, 8))
        .checkAssert(seeds -> {
          try (NetworkNamespace node = NetworkNamespace.create("ipvs-companion")) {
            node.call(() -> {
              check(backend, seeds.stream().map(ClusterChange::of).toList());
              return null;
            });
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  private static void check(Backend backend, List<ClusterChange> changes) throws Exception {
    // The proxier only holds the desired state here; the companion sync programs the kernel.
    ServiceProxier desired = ServiceProxier.iptables(backend, NODE, IpFamily.IPV4, OPTIONS);
    desired.replaceAll(LOAD_BALANCER);
    IpvsCompanionSync sync = new IpvsCompanionSync(backend, IpFamily.IPV4);
    IpvsPlan first = plan(desired.desired());
    sync.sync(first, true);
    assertKernelEquals(backend, first, "the first sync");
    List<ClusterChange> done = new ArrayList<>();
    for (ClusterChange change : changes) {
      change.applyTo(desired);
      done.add(change);
      IpvsPlan plan = plan(desired.desired());
      sync.sync(plan, false);
      assertKernelEquals(backend, plan, "after " + done);
      IpvsCompanionSync.Changes again = sync.sync(plan, false);
      assertThat(again.written() + again.deleted()).as("a second sync after %s", done).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(value = Backend.class, names = {"LEGACY", "NFT"})
  void aRefusedIpsetUpdateLeavesTheSetsAsTheyWereAndTheNextSyncRepairs(Backend backend)
      throws Exception {
    IpvsCompanionSync sync = new IpvsCompanionSync(backend, IpFamily.IPV4);
    IpvsPlan before = plan(LOAD_BALANCER);
    sync.sync(before, true);
    // Someone made KUBE-IPVS-IPS a set of another type; it is in use by kube-proxy's rules, so
    // the kernel refuses to destroy it, after the creates and adds before it were applied.
    ExternalCommand.of(iptablesProgram(backend), "-w", "-F", "KUBE-IPVS-FILTER").runChecked();
    ExternalCommand.of("ipset", "destroy", "KUBE-IPVS-IPS").runChecked();
    ExternalCommand.of("ipset", "create", "KUBE-IPVS-IPS", "hash:net").runChecked();
    ExternalCommand.of("ipset", "add", "KUBE-IPVS-IPS", "10.0.0.0/8").runChecked();
    ExternalCommand.of(iptablesProgram(backend), "-w", "-A", "KUBE-IPVS-FILTER", "-m", "set",
        "--match-set", "KUBE-IPVS-IPS", "dst", "-j", "REJECT").runChecked();
    ExternalCommand.of("ipset", "del", "KUBE-CLUSTER-IP", "10.96.1.10,tcp:80").runChecked();
    String tampered = ipsetSave();

    assertThatThrownBy(() -> sync.sync(before, false)).isInstanceOf(IOException.class)
        .hasMessageContaining("KUBE-IPVS-IPS");
    assertThat(ipsetSave()).as("the sets after the refused update").isEqualTo(tampered);

    ExternalCommand.of(iptablesProgram(backend), "-w", "-F", "KUBE-IPVS-FILTER").runChecked();
    sync.sync(before, false);
    assertKernelEquals(backend, before, "the sync after the refusal");
    assertThat(kernelSets().get("KUBE-IPVS-IPS")).startsWith("hash:ip: ");
  }

  private static String iptablesProgram(Backend backend) {
    return backend == Backend.NFT ? "iptables-nft" : "iptables-legacy";
  }

  static IpvsPlan plan(ClusterState state) {
    return IpvsPlanner.plan(state, NODE, IpFamily.IPV4, "rr", OPTIONS);
  }

  private static void assertKernelEquals(Backend backend, IpvsPlan plan, String when)
      throws Exception {
    assertThat(kernelSets()).as("ipset save %s", when).isEqualTo(plannedSets(plan));
    assertThat(iptablesSave(backend)).as("iptables-save %s", when)
        .isEqualTo(freshLoad(backend, plan));
  }

  /** Set name to "type: entries" as the kernel has them, sorted. */
  static Map<String, String> kernelSets() throws IOException {
    Map<String, TreeSet<String>> entries = new TreeMap<>();
    Map<String, String> types = new TreeMap<>();
    for (String line : ipsetSave().split("\n")) {
      String[] words = line.split(" ");
      if (words[0].equals("create")) {
        types.put(words[1], words[2]);
        entries.put(words[1], new TreeSet<>());
      } else if (words[0].equals("add")) {
        entries.get(words[1]).add(words[2]);
      }
    }
    Map<String, String> out = new TreeMap<>();
    types.forEach((name, type) -> out.put(name, type + ": " + entries.get(name)));
    return out;
  }

  /** The plan's sets in the same form, networks of one address without /32 as ipset prints them. */
  static Map<String, String> plannedSets(IpvsPlan plan) {
    Map<String, String> out = new TreeMap<>();
    for (IpSetEntries set : plan.ipSets()) {
      TreeSet<String> entries = new TreeSet<>();
      set.entries().forEach(e -> entries.add(e.endsWith("/32") ? e.substring(0, e.length() - 3)
          : e));
      out.put(set.name(), set.type() + ": " + entries);
    }
    return out;
  }

  private static String ipsetSave() throws IOException {
    return ExternalCommand.of("ipset", "save").runChecked();
  }

  static String iptablesSave(Backend backend) throws IOException {
    CommandResult result = ExternalCommand.of(backend.saveProgram(
        dev.svcnet.netfilter.IpFamily.IPV4)).run();
    assertThat(result.succeeded()).as(result.describe()).isTrue();
    return CODEC.normalize(result.stdout(), dev.svcnet.netfilter.IpFamily.IPV4);
  }

  /** The plan loaded the way a user would, with the real programs, into an empty namespace. */
  static String freshLoad(Backend backend, IpvsPlan plan) throws Exception {
    try (NetworkNamespace empty = NetworkNamespace.create("ipvs-companion-fresh")) {
      return empty.call(() -> {
        ExternalCommand.of("ipset", "restore").withStdin(plan.ipsetRestoreText()).runChecked();
        String restore = backend.restoreProgram(dev.svcnet.netfilter.IpFamily.IPV4);
        ExternalCommand.of(restore, "-w", "--noflush").withStdin(plan.iptablesPayload())
            .runChecked();
        ExternalCommand.of(restore, "-w", "--noflush").withStdin(plan.iptablesJumpRules())
            .runChecked();
        return iptablesSave(backend);
      });
    }
  }
}
