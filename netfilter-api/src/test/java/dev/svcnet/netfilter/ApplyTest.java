package dev.svcnet.netfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.svcnet.harness.netns.InNetworkNamespace;
import dev.svcnet.netlink.exec.ExternalCommand;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Applying through the real iptables-restore, in a fresh namespace per test, on both backends. */
@InNetworkNamespace
class ApplyTest {
  private static final String FOREIGN = String.join("\n",
      "*filter",
      ":INPUT ACCEPT [0:0]",
      ":FORWARD ACCEPT [0:0]",
      ":OUTPUT ACCEPT [0:0]",
      ":FOREIGN - [0:0]",
      ":OWNED - [0:0]",
      ":STALE - [0:0]",
      "-A INPUT -s 192.0.2.1/32 -j FOREIGN",
      "-A INPUT -j OWNED",
      "-A FOREIGN -m comment --comment \"someone else's\" -j ACCEPT",
      "-A OWNED -s 198.51.100.1/32 -j DROP",
      "-A STALE -j RETURN",
      "COMMIT",
      "*nat",
      ":PREROUTING ACCEPT [0:0]",
      ":INPUT ACCEPT [0:0]",
      ":OUTPUT ACCEPT [0:0]",
      ":POSTROUTING ACCEPT [0:0]",
      ":NAT-FOREIGN - [0:0]",
      "-A NAT-FOREIGN -j MASQUERADE",
      "COMMIT",
      "");

  private final RuleSetCodec codec = RuleSetCodec.standard();

  @ParameterizedTest
  @EnumSource(value = Backend.class, names = {"LEGACY", "NFT"})
  void updateRewritesOnlyTheGivenChainsAndDeletesTheUnwantedOnes(Backend backend) throws Exception {
    Iptables iptables = Iptables.of(backend, IpFamily.IPV4);
    restore(backend, FOREIGN);
    String natBefore = save(backend, "nat");

    Rule allow = codec.parseRule("-s 203.0.113.0/24 -p tcp -m tcp --dport 443 -j ACCEPT", IpFamily.IPV4);
    iptables.update(List.of(new TableUpdate(Table.FILTER,
        List.of(Chain.user("OWNED", List.of(allow)), Chain.user("NEW-CHAIN", List.of(allow))),
        Set.of(ChainName.of("STALE")))));

    TableRules filter = iptables.save(Table.FILTER);
    assertThat(filter.chain(ChainName.of("OWNED")).orElseThrow().rules()).extracting(Rule::withoutCounters)
        .containsExactly(allow);
    assertThat(filter.chain(ChainName.of("NEW-CHAIN"))).isPresent();
    assertThat(filter.chain(ChainName.of("STALE"))).isEmpty();
    assertThat(save(backend, "filter"))
        .contains("-A FOREIGN -m comment --comment \"someone else\\'s\" -j ACCEPT")
        .contains("-A INPUT -s 192.0.2.1/32 -j FOREIGN")
        .contains("-A INPUT -j OWNED");
    assertThat(save(backend, "nat")).isEqualTo(natBefore);
  }

  /**
   * An update naming more chains than the listing threshold (the nft backend's payload then
   * starts with {@code -S}, see RestorePayload) still writes exactly the given chains, deletes
   * the unwanted ones and leaves the rest alone.
   */
  @ParameterizedTest
  @EnumSource(value = Backend.class, names = {"LEGACY", "NFT"})
  void anUpdateOfManyChainsRewritesOnlyThoseChains(Backend backend) throws Exception {
    Iptables iptables = Iptables.of(backend, IpFamily.IPV4);
    restore(backend, FOREIGN);
    String natBefore = save(backend, "nat");
    int count = 1_500;
    List<Chain> chains = new java.util.ArrayList<>();
    List<Rule> jumps = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "MANY-" + i;
      chains.add(Chain.user(name, List.of(codec.parseRule("-s 10.0." + (i / 250) + "." + (i % 250 + 1)
          + "/32 -j RETURN", IpFamily.IPV4))));
      jumps.add(Rule.builder().target(Jump.to(name)).build());
    }
    chains.add(Chain.user("OWNED", jumps));
    iptables.update(List.of(new TableUpdate(Table.FILTER, chains, Set.of(ChainName.of("STALE")))));

    TableRules filter = iptables.save(Table.FILTER);
    assertThat(filter.chain(ChainName.of("OWNED")).orElseThrow().rules()).extracting(Rule::withoutCounters)
        .containsExactlyElementsOf(jumps);
    assertThat(filter.chain(ChainName.of("MANY-1499")).orElseThrow().rules()).extracting(Rule::withoutCounters)
        .containsExactly(codec.parseRule("-s 10.0.5.250/32 -j RETURN", IpFamily.IPV4));
    assertThat(filter.chains()).filteredOn(c -> c.name().value().startsWith("MANY-")).hasSize(count);
    assertThat(filter.chain(ChainName.of("STALE"))).isEmpty();
    assertThat(save(backend, "filter"))
        .contains("-A FOREIGN -m comment --comment \"someone else\\'s\" -j ACCEPT")
        .contains("-A INPUT -s 192.0.2.1/32 -j FOREIGN");
    assertThat(save(backend, "nat")).isEqualTo(natBefore);
  }

  @ParameterizedTest
  @EnumSource(value = Backend.class, names = {"LEGACY", "NFT"})
  void updatingABuiltinChainReplacesItsRulesAndPolicy(Backend backend) throws Exception {
    Iptables iptables = Iptables.of(backend, IpFamily.IPV4);
    restore(backend, FOREIGN);

    Rule jump = Rule.builder().target(Jump.to("OWNED")).build();
    iptables.update(List.of(TableUpdate.of(Table.FILTER, List.of(Chain.builtin("INPUT", Policy.DROP, List.of(jump))))));

    Chain input = iptables.save(Table.FILTER).chain(ChainName.of("INPUT")).orElseThrow();
    assertThat(input.policy()).isEqualTo(Policy.DROP);
    assertThat(input.rules()).extracting(Rule::withoutCounters).containsExactly(jump);
  }

  @ParameterizedTest
  @EnumSource(value = Backend.class, names = {"LEGACY", "NFT"})
  void anInvalidLastRuleLeavesThePreviousRulesByteForByteAndNamesThatRule(Backend backend) throws Exception {
    Iptables iptables = Iptables.of(backend, IpFamily.IPV4);
    restore(backend, FOREIGN);
    String before = save(backend, "filter");

    List<Rule> rules = List.of(
        codec.parseRule("-j ACCEPT", IpFamily.IPV4),
        codec.parseRule("-m comment --comment ok -j RETURN", IpFamily.IPV4),
        Rule.builder().target(Jump.to("NO-SUCH-CHAIN")).build());
    RestoreException failure = catchThrowableOfType(
        () -> iptables.update(List.of(TableUpdate.of(Table.FILTER, List.of(Chain.user("OWNED", rules))))),
        RestoreException.class);

    assertThat(failure).isNotNull();
    assertThat(failure.rule()).hasValueSatisfying(location -> {
      assertThat(location.chain()).isEqualTo(ChainName.of("OWNED"));
      assertThat(location.index()).isEqualTo(2);
      assertThat(location.rule()).isEqualTo(rules.get(2));
    });
    assertThat(save(backend, "filter")).isEqualTo(before);
  }

  @ParameterizedTest
  @EnumSource(value = Backend.class, names = {"LEGACY", "NFT"})
  void replaceWithCountersRestoresThem(Backend backend) throws Exception {
    Iptables iptables = Iptables.of(backend, IpFamily.IPV4);
    Rule counted = Rule.builder().target(Verdict.ACCEPT).counters(new Counters(7, 420)).build();
    iptables.replace(RuleSet.of(IpFamily.IPV4, new TableRules(Table.FILTER,
        List.of(Chain.user("COUNTED", List.of(counted))))), true);

    Chain chain = iptables.save(Table.FILTER).chain(ChainName.of("COUNTED")).orElseThrow();
    assertThat(chain.rules()).containsExactly(counted);
  }

  private static void restore(Backend backend, String payload) throws Exception {
    ExternalCommand.of(backend.restoreProgram(IpFamily.IPV4), "-w").withStdin(payload).runChecked();
  }

  /** One table as iptables-save prints it, without the "# Generated/Completed" time stamps. */
  private static String save(Backend backend, String table) throws Exception {
    String saved = ExternalCommand.of(backend.saveProgram(IpFamily.IPV4), "-t", table).runChecked();
    return Arrays.stream(saved.split("\n")).filter(l -> !l.startsWith("#")).collect(Collectors.joining("\n"));
  }
}
