package dev.svcnet.benchmarks.netfilter;

import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.RuleSetCodec;
import org.openjdk.jol.info.GraphLayout;

/**
 * What one parsed {@link NetfilterCodecBenchmark} dump keeps live: the bytes and objects reachable
 * from the {@link RuleSet} (JOL's walk of the object graph, exact for this JVM's layout; shared
 * constants such as enum values count once). The parse's time is dominated by the young
 * collections that copy this graph while it is built, so fewer objects mean a faster parse.
 *
 * <pre>
 * java -Djdk.attach.allowAttachSelf -Djol.magicFieldOffset=true \
 *     -cp benchmarks/target/benchmarks.jar dev.svcnet.benchmarks.netfilter.RetainedSize [--histogram]
 * </pre>
 *
 * ({@code jol.magicFieldOffset} lets JOL read the field offsets of records on Java 17.)
 */
public final class RetainedSize {
  private RetainedSize() {}

  public static void main(String[] args) {
    String text = KubeProxyDump.nat(NetfilterCodecBenchmark.SERVICES, NetfilterCodecBenchmark.ENDPOINTS);
    RuleSet ruleSet = RuleSetCodec.standard().parse(text, IpFamily.IPV4);
    int rules = ruleSet.tables().stream().flatMap(t -> t.chains().stream()).mapToInt(c -> c.rules().size()).sum();
    GraphLayout graph = GraphLayout.parseInstance(ruleSet);
    if (args.length > 0 && args[0].equals("--histogram")) {
      System.out.println(graph.toFootprint());
    }
    System.out.printf("%,d rules, %,d bytes of text: %,d bytes and %,d objects retained (%d bytes, %.1f objects per rule)%n",
        rules, text.length(), graph.totalSize(), graph.totalCount(), graph.totalSize() / rules,
        (double) graph.totalCount() / rules);
  }
}
