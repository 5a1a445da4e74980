package dev.svcnet.netfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Values the kernel or iptables would refuse are refused by the model, naming the field. */
class ModelValidationTest {

  @Test
  void targetsAreRefusedOutsideTheirTable() throws Exception {
    Rule dnat = Rule.builder().target(Dnat.to(NatRange.of(InetAddress.getByName("10.0.0.1"), 80))).build();
    Rule drop = Rule.builder().target(Verdict.DROP).build();
    Rule notrack = Rule.builder().target(new Notrack()).build();

    assertField(() -> RuleSet.of(IpFamily.IPV4, new TableRules(Table.FILTER, List.of(Chain.user("X", List.of(dnat))))), "target");
    assertField(() -> RuleSet.of(IpFamily.IPV4, new TableRules(Table.NAT, List.of(Chain.user("X", List.of(drop))))), "target");
    assertField(() -> RuleSet.of(IpFamily.IPV4, new TableRules(Table.MANGLE, List.of(Chain.user("X", List.of(notrack))))), "target");
    assertThat(RuleSet.of(IpFamily.IPV4, new TableRules(Table.RAW, List.of(Chain.user("X", List.of(notrack)))))).isNotNull();
  }

  @Test
  void addressesAndRejectTypesMustMatchTheFamily() {
    Rule v6 = Rule.builder().source(Negatable.is(Cidr.parse("fd00::/64", IpFamily.IPV6))).build();
    assertField(() -> RuleSet.of(IpFamily.IPV4, new TableRules(Table.FILTER, List.of(Chain.user("X", List.of(v6))))), "source");
    Rule reject = Rule.builder().target(Reject.portUnreachable(IpFamily.IPV4)).build();
    assertField(() -> RuleSet.of(IpFamily.IPV6, new TableRules(Table.FILTER, List.of(Chain.user("X", List.of(reject))))), "reject-with");
  }

  @Test
  void ipv6RefusesTheAddressTypesTheKernelCannotMatch() {
    Rule broadcast = Rule.builder().match(AddrTypeMatch.destination(AddrTypeMatch.AddressType.BROADCAST)).build();
    assertField(() -> RuleSet.of(IpFamily.IPV6, new TableRules(Table.FILTER, List.of(Chain.user("X", List.of(broadcast))))), "addrtype");
  }

  @Test
  void namesThatReachTheRestorePayloadCannotCarrySpacesOrQuotes() {
    for (String bad : List.of("a b", "a\"b", "-j", "x\ny", "")) {
      assertField(() -> new SetMatch(bad, List.of(SetMatch.Direction.SRC), false), "match-set");
      assertField(() -> RecentMatch.set(bad), "name");
      assertField(() -> Rule.builder().inInterface(Negatable.is(bad)).build(), "in-interface");
    }
  }

  @Test
  void valuesOutOfRangeAreRefused() {
    assertField(() -> new MarkMatch(1L << 32, 0xffffffffL, false), "mark");
    assertField(() -> new PortRange(10, 9), "port");
    assertField(() -> StatisticMatch.random(1.5), "probability");
    assertField(() -> StatisticMatch.nth(3, 3), "packet");
    assertField(() -> new Cidr(InetAddress.getLoopbackAddress(), 33), "prefix");
    assertField(() -> new LogTarget("x".repeat(30), 4), "log-prefix");
    assertField(() -> new CommentMatch("x".repeat(256)), "comment");
    assertField(() -> Rule.builder().source(Negatable.not(Cidr.parse("0.0.0.0/0", IpFamily.IPV4))).build(), "source");
  }

  @Test
  void reconcileDeletesOnlyOwnedChainsThatAreNoLongerWanted() {
    TableRules current = new TableRules(Table.NAT, List.of(
        Chain.builtin("PREROUTING", Policy.ACCEPT, List.of()),
        Chain.user("KUBE-SVC-OLD", List.of()),
        Chain.user("KUBE-SVC-KEEP", List.of()),
        Chain.user("DOCKER", List.of())));
    TableUpdate update = TableUpdate.reconcile(current, List.of(Chain.user("KUBE-SVC-KEEP", List.of())),
        name -> name.value().startsWith("KUBE-"));

    assertThat(update.deleted()).containsExactly(ChainName.of("KUBE-SVC-OLD"));
    assertThat(update.chains()).extracting(Chain::name).containsExactly(ChainName.of("KUBE-SVC-KEEP"));
  }

  @Test
  void anUpdateCannotDeleteABuiltinChainOrOneItWrites() {
    assertField(() -> new TableUpdate(Table.FILTER, List.of(), Set.of(ChainName.of("INPUT"))), "deleted");
    assertField(() -> new TableUpdate(Table.FILTER, List.of(Chain.user("A", List.of())), Set.of(ChainName.of("A"))), "deleted");
  }

  private static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
    assertThatThrownBy(call).isInstanceOfSatisfying(InvalidRuleException.class,
        e -> assertThat(e.field()).isEqualTo(field));
  }
}
