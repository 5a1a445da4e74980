package dev.svcnet.benchmarks.netfilter;

import dev.svcnet.netfilter.Backend;
import dev.svcnet.netfilter.Chain;
import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.Iptables;
import dev.svcnet.netfilter.Rule;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.RuleSetCodec;
import dev.svcnet.netfilter.Table;
import dev.svcnet.netfilter.TableRules;
import dev.svcnet.netfilter.TableUpdate;
import dev.svcnet.netfilter.internal.RestorePayload;
import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.NetworkNamespace;
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
 * Applying kube-proxy's nat table at about 10,000 services (100,004 rules, {@link KubeProxyDump})
 * in a fresh network namespace (needs root): the whole table with svcnet ({@link Iptables#replace})
 * against the bare {@code iptables-restore} given the same payload (the floor), and a partial
 * update of one service's chain with svcnet ({@link Iptables#update}, {@code --noflush}) against the
 * bare {@code iptables-restore --noflush} of the same payload. Each invocation alternates between
 * two versions of the rules, so every apply changes the kernel. The namespace holds the full table
 * throughout: partial updates land in a 100,000-rule table, as kube-proxy's do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class NetfilterApplyBenchmark {

  @Param({"NFT", "LEGACY"})
  Backend backend;

  NetworkNamespace namespace;
  Iptables iptables;
  RuleSet[] full = new RuleSet[2];
  String[] fullPayload = new String[2];
  TableUpdate[] partial = new TableUpdate[2];
  String[] partialPayload = new String[2];
  int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    RuleSetCodec codec = RuleSetCodec.standard();
    String text = KubeProxyDump.nat(NetfilterCodecBenchmark.SERVICES, NetfilterCodecBenchmark.ENDPOINTS);
    full[0] = codec.parse(text, IpFamily.IPV4);
    full[1] = codec.parse(text.replace("-j MARK --set-xmark 0x4000/0x4000", "-j MARK --set-xmark 0x8000/0x8000"),
        IpFamily.IPV4);
    TableRules nat = full[0].table(Table.NAT).orElseThrow();
    Chain service = nat.chain(dev.svcnet.netfilter.ChainName.of(KubeProxyDump.svcChain(42))).orElseThrow();
    for (int version = 0; version < 2; version++) {
      fullPayload[version] = RestorePayload.replacing(full[version], false).text();
      List<Rule> rules = new ArrayList<>(service.rules());
      if (version == 1) {
        rules.add(0, codec.parseRule("-m comment --comment \"changed\" -j KUBE-MARK-MASQ", IpFamily.IPV4));
      }
      partial[version] = TableUpdate.of(Table.NAT, List.of(new Chain(service.name(), null, null, rules)));
      partialPayload[version] = RestorePayload.updating(IpFamily.IPV4, List.of(partial[version]), false).text();
    }
    namespace = NetworkNamespace.create("netfilter-apply-benchmark");
    iptables = Iptables.of(backend, IpFamily.IPV4);
    namespace.run(() -> iptables.replace(full[0], false));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (namespace != null) {
      namespace.close();
    }
  }

  @Benchmark
  public void fullWithSvcnet() throws Exception {
    RuleSet ruleSet = full[next++ & 1];
    namespace.run(() -> iptables.replace(ruleSet, false));
  }

  @Benchmark
  public CommandResult fullWithBareRestore() throws Exception {
    String payload = fullPayload[next++ & 1];
    return namespace.call(() -> checked(ExternalCommand.of(backend.restoreProgram(IpFamily.IPV4), "-w")
        .withStdin(payload).run()));
  }

  @Benchmark
  public void partialWithSvcnet() throws Exception {
    TableUpdate update = partial[next++ & 1];
    namespace.run(() -> iptables.update(List.of(update)));
  }

  @Benchmark
  public CommandResult partialWithBareRestore() throws Exception {
    String payload = partialPayload[next++ & 1];
    return namespace.call(() -> checked(ExternalCommand.of(backend.restoreProgram(IpFamily.IPV4), "-w",
        "--noflush").withStdin(payload).run()));
  }

  /**
   * svcnet's own share of {@link #fullWithSvcnet}: everything {@link Iptables#replace} does besides
   * running {@code iptables-restore} (writing the payload from the model). No kernel involved; it
   * is here so the overhead is measured in the same run as the floor.
   */
  @Benchmark
  public String fullPayloadOnly() {
    return RestorePayload.replacing(full[next++ & 1], false).text();
  }

  /**
   * svcnet's own share of {@link #partialWithSvcnet}: validating the written chains against the
   * family and table (as {@link Iptables#update} does) and writing the payload.
   */
  @Benchmark
  public String partialPayloadOnly() {
    TableUpdate update = partial[next++ & 1];
    new RuleSet(IpFamily.IPV4, List.of(new TableRules(update.table(), update.chains())));
    return RestorePayload.updating(IpFamily.IPV4, List.of(update), false).text();
  }

  private static CommandResult checked(CommandResult result) {
    if (!result.succeeded()) {
      throw new IllegalStateException(result.describe());
    }
    return result;
  }
}
