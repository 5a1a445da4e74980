package dev.svcnet.netfilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.harness.netns.InNetworkNamespace;
import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The canonical form is what the real iptables-save prints: a corpus of rules in every input form
 * (implicit matches, short addresses, mark shorthands, level names, ...) is restored in a fresh
 * namespace, and each table's saved text must equal the codec's normalized text byte for byte.
 */
@InNetworkNamespace
class KernelCanonicalFormTest {
  private final RuleSetCodec codec = RuleSetCodec.standard();

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "iptables-legacy, IPV4, corpus-ipv4.rules",
    "iptables-nft, IPV4, corpus-ipv4.rules",
    "ip6tables-legacy, IPV6, corpus-ipv6.rules",
    "ip6tables-nft, IPV6, corpus-ipv6.rules"
  })
  void normalizedTextEqualsWhatIptablesSavePrintsBack(String backend, IpFamily family, String corpus)
      throws Exception {
    String input = SaveText.resource(corpus);
    CommandResult restore = ExternalCommand.of(backend + "-restore", "-w").withStdin(input).run();
    assertThat(restore.exitCode()).as(restore.describe()).isZero();
    String saved = ExternalCommand.of(backend + "-save").runChecked();

    Map<String, String> expected = SaveText.tableBlocks(codec.normalize(input, family));
    Map<String, String> actual = SaveText.tableBlocks(saved);

    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (String table : expected.keySet()) {
      assertThat(actual.get(table)).as("table " + table).isEqualTo(expected.get(table));
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "iptables-legacy, IPV4, corpus-ipv4.rules",
    "iptables-nft, IPV4, corpus-ipv4.rules",
    "ip6tables-legacy, IPV6, corpus-ipv6.rules",
    "ip6tables-nft, IPV6, corpus-ipv6.rules"
  })
  void savedOutputWithCountersParsesToTheCanonicalRuleSet(String backend, IpFamily family, String corpus)
      throws Exception {
    String input = SaveText.resource(corpus);
    ExternalCommand.of(backend + "-restore", "-w").withStdin(input).runChecked();
    String saved = ExternalCommand.of(backend + "-save", "-c").runChecked();

    RuleSet parsed = codec.parse(saved, family);

    assertThat(stripCounters(parsed.canonical())).isEqualTo(codec.parse(input, family).canonical());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"iptables-legacy", "iptables-nft"})
  void setMatchesReadBackAsWritten(String backend) throws Exception {
    boolean ipset;
    try {
      ipset = ExternalCommand.of("ipset", "version").run().succeeded();
    } catch (java.io.IOException e) {
      ipset = false;
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(ipset, "needs the ipset program (Debian package ipset)");
    ExternalCommand.of("ipset", "create", "svc-set", "hash:ip,port").runChecked();
    String input = String.join("\n",
        "*filter",
        ":INPUT ACCEPT [0:0]",
        "-A INPUT -m set --match-set svc-set dst,dst -j ACCEPT",
        "-A INPUT -m set ! --match-set svc-set src,dst -j DROP",
        "COMMIT",
        "");
    ExternalCommand.of(backend + "-restore", "-w").withStdin(input).runChecked();
    String saved = ExternalCommand.of(backend + "-save", "-t", "filter").runChecked();

    assertThat(SaveText.tableBlocks(saved).get("filter"))
        .isEqualTo(SaveText.tableBlocks(codec.normalize(input, IpFamily.IPV4)).get("filter"));
  }

  private static RuleSet stripCounters(RuleSet ruleSet) {
    return new RuleSet(ruleSet.family(), ruleSet.tables().stream()
        .map(t -> new TableRules(t.table(), t.chains().stream()
            .map(c -> new Chain(c.name(), c.policy(), Counters.ZERO,
                c.rules().stream().map(Rule::withoutCounters).toList()))
            .toList()))
        .toList());
  }
}
