package dev.svcnet.netfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The canonical text of single rules, against the facts in kube-proxy.md section 4. */
class CanonicalFormTest {
  private final RuleSetCodec codec = RuleSetCodec.standard();

  private String canonical(String arguments) {
    return codec.formatRule(codec.parseRule(arguments, IpFamily.IPV4), IpFamily.IPV4);
  }

  @ParameterizedTest(name = "1/{0}: {1} -> {2}")
  @CsvSource({
    "2, 0.5000000000, 0.50000000000",
    "3, 0.3333333333, 0.33333333349",
    "4, 0.2500000000, 0.25000000000",
    "5, 0.2000000000, 0.20000000019",
    "6, 0.1666666667, 0.16666666651",
    "7, 0.1428571429, 0.14285714272",
    "8, 0.1250000000, 0.12500000000",
    "9, 0.1111111111, 0.11111111101",
    "10, 0.1000000000, 0.10000000009"
  })
  void probabilityIsPrintedAsTheU32RoundedValue(int n, String kubeProxy, String saved) {
    assertThat(canonical("-m statistic --mode random --probability " + kubeProxy + " -j RETURN"))
        .isEqualTo("-m statistic --mode random --probability " + saved + " -j RETURN");
    assertThat(StatisticMatch.random(1.0 / n).probabilityText()).isEqualTo(saved);
  }

  @Test
  void everyU32ProbabilityReadsBackToTheSameU32() {
    for (long u32 = 0; u32 <= StatisticMatch.ONE; u32 += 104729) {
      StatisticMatch match = new StatisticMatch(StatisticMatch.Mode.RANDOM, u32, 0, 0, false);
      Rule reread = codec.parseRule("-m statistic --mode random --probability " + match.probabilityText(), IpFamily.IPV4);
      assertThat(reread.matches()).containsExactly(match);
    }
  }

  @Test
  void kubeProxysClusterIpRuleComesBackInSaveOrder() {
    assertThat(canonical("-m comment --comment \"ns1/svc1:p80 cluster IP\" -m tcp -p tcp -d 10.96.0.10 --dport 80 -j KUBE-SVC-X"))
        .isEqualTo("-d 10.96.0.10/32 -p tcp -m comment --comment \"ns1/svc1:p80 cluster IP\" -m tcp --dport 80 -j KUBE-SVC-X");
  }

  @Test
  void implicitProtocolMatchIsPrintedExplicitly() {
    assertThat(canonical("-p udp --dport 53")).isEqualTo("-p udp -m udp --dport 53");
  }

  @Test
  void icmpTypeNamesArePrintedAsNumbersWithTheirCode() {
    assertThat(canonical("-p icmp --icmp-type echo-request -j ACCEPT")).isEqualTo("-p icmp -m icmp --icmp-type 8 -j ACCEPT");
    assertThat(canonical("-p icmp --icmp-type Port-Unr -j ACCEPT")).isEqualTo("-p icmp -m icmp --icmp-type 3/3 -j ACCEPT");
    assertThat(canonical("-p icmp --icmp-type 255/7")).isEqualTo("-p icmp -m icmp --icmp-type any");
    assertThat(codec.formatRule(codec.parseRule("-p ipv6-icmp ! --icmpv6-type neighbor-solicitation", IpFamily.IPV6),
        IpFamily.IPV6)).isEqualTo("-p ipv6-icmp -m icmp6 ! --icmpv6-type 135");
  }

  @Test
  void anIcmpNamePrefixMustFitOneNameOnly() {
    assertThatThrownBy(() -> codec.parseRule("-p icmp --icmp-type echo", IpFamily.IPV4))
        .isInstanceOf(IptablesSyntaxException.class)
        .hasMessageContaining("ambiguous ICMP type 'echo': 'echo-reply' or 'echo-request'?");
    assertThatThrownBy(() -> codec.parseRule("-p icmp --icmp-type 8/256", IpFamily.IPV4))
        .isInstanceOf(IptablesSyntaxException.class).hasMessageContaining("unknown ICMP code '8/256'");
    assertThatThrownBy(() -> codec.parseRule("-p ipv6-icmp --icmpv6-type any", IpFamily.IPV6))
        .isInstanceOf(IptablesSyntaxException.class).hasMessageContaining("unknown ICMPv6 type 'any'");
  }

  @Test
  void anIcmpMatchNeedsItsProtocol() {
    assertThatThrownBy(() -> codec.parseRule("-p tcp -m icmp --icmp-type 8", IpFamily.IPV4))
        .isInstanceOf(IptablesSyntaxException.class).hasMessageContaining("-m icmp needs -p icmp");
  }

  @Test
  void serviceNamesArePrintedAsPortNumbers() {
    assertThat(canonical("-p tcp --dport ssh -j ACCEPT")).isEqualTo("-p tcp -m tcp --dport 22 -j ACCEPT");
    assertThat(canonical("-p udp -m multiport --dports domain,ntp:snmp"))
        .isEqualTo("-p udp -m multiport --dports 53,123:161");
  }

  @Test
  void anUnknownServiceNameIsAnErrorNamingThePort() {
    assertThatThrownBy(() -> codec.parseRule("-p tcp --dport no-such-service", IpFamily.IPV4))
        .isInstanceOf(IptablesSyntaxException.class)
        .hasMessageContaining("port: 'no-such-service' is neither a port number nor a tcp service in /etc/services");
  }

  @Test
  void implicitIcmpMatchIsPrintedExplicitly() {
    assertThat(canonical("-p icmp --icmp-type 3/1 -j ACCEPT")).isEqualTo("-p icmp -m icmp --icmp-type 3/1 -j ACCEPT");
    assertThat(codec.formatRule(codec.parseRule("-p ipv6-icmp --icmpv6-type 128", IpFamily.IPV6), IpFamily.IPV6))
        .isEqualTo("-p ipv6-icmp -m icmp6 --icmpv6-type 128");
  }

  @Test
  void markShorthandsBecomeSetXmark() {
    assertThat(canonical("-j MARK --or-mark 0x4000")).isEqualTo("-j MARK --set-xmark 0x4000/0x4000");
    assertThat(canonical("-j MARK --xor-mark 0x4000")).isEqualTo("-j MARK --set-xmark 0x4000/0x0");
    assertThat(canonical("-j MARK --set-mark 1")).isEqualTo("-j MARK --set-xmark 0x1/0xffffffff");
    assertThat(canonical("-j MARK --and-mark 0xff")).isEqualTo("-j MARK --set-xmark 0x0/0xffffff00");
    assertThat(canonical("-m mark --mark 10/0xffffffff")).isEqualTo("-m mark --mark 0xa");
  }

  @Test
  void commentsAreQuotedUnlessMadeOfWordCharacters() {
    assertThat(canonical("-m comment --comment simple_-1")).isEqualTo("-m comment --comment simple_-1");
    assertThat(canonical("-m comment --comment default/nginx")).isEqualTo("-m comment --comment \"default/nginx\"");
    assertThat(canonical("-m comment --comment \"it's \\\"x\\\" \\\\\""))
        .isEqualTo("-m comment --comment \"it\\'s \\\"x\\\" \\\\\"");
  }

  @Test
  void addressesGainTheirPrefixAndLoseHostBits() {
    assertThat(canonical("-s 10.0.0.1 -d 10.0.0.1/24")).isEqualTo("-s 10.0.0.1/32 -d 10.0.0.0/24");
    assertThat(canonical("-s 10.0.0.0/255.255.0.0 -d 0.0.0.0/0")).isEqualTo("-s 10.0.0.0/16");
    assertThat(codec.formatRule(codec.parseRule("-s 2001:DB8:0:0:0:0:0:1 -d ::ffff:1.2.3.4", IpFamily.IPV6), IpFamily.IPV6))
        .isEqualTo("-s 2001:db8::1/128 -d ::ffff:1.2.3.4/128");
  }

  @Test
  void rejectAlwaysNamesItsType() {
    assertThat(canonical("-j REJECT")).isEqualTo("-j REJECT --reject-with icmp-port-unreachable");
    assertThat(codec.formatRule(codec.parseRule("-j REJECT", IpFamily.IPV6), IpFamily.IPV6))
        .isEqualTo("-j REJECT --reject-with icmp6-port-unreachable");
  }

  @Test
  void recentPrintsEveryDefault() {
    assertThat(canonical("-m recent --name KUBE-SEP-X --rcheck --seconds 10800 --reap -j KUBE-SEP-X"))
        .isEqualTo("-m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-X --mask 255.255.255.255 --rsource -j KUBE-SEP-X");
  }

  @Test
  void unknownMatchesAndTargetsAreKeptVerbatim() {
    Rule rule = codec.parseRule("-m length --length 100:200 -m tcpmss ! --mss 1000 -j CT --notrack", IpFamily.IPV4);
    assertThat(rule.matches()).containsExactly(
        new UnknownMatch("length", List.of("--length", "100:200")),
        new UnknownMatch("tcpmss", List.of("!", "--mss", "1000")));
    assertThat(rule.target()).isEqualTo(new UnknownTarget("CT", List.of("--notrack")));
    assertThat(codec.formatRule(rule, IpFamily.IPV4)).isEqualTo("-m length --length 100:200 -m tcpmss ! --mss 1000 -j CT --notrack");
  }

  @Test
  void aKnownModuleWithAnUnmodelledOptionIsKeptVerbatim() {
    Rule rule = codec.parseRule("-p tcp -m tcp --dport 80 --tcp-flags SYN,ACK SYN -j ACCEPT", IpFamily.IPV4);
    assertThat(rule.matches()).containsExactly(new UnknownMatch("tcp", List.of("--dport", "80", "--tcp-flags", "SYN,ACK", "SYN")));
  }

  @Test
  void parseErrorsNameLineAndColumn() {
    String dump = String.join("\n",
        "# Generated by iptables-save",
        "*filter",
        ":INPUT ACCEPT [0:0]",
        "-A INPUT -p tcp -m tcp --dport 99999 -j ACCEPT",
        "COMMIT");
    assertThatThrownBy(() -> codec.parse(dump, IpFamily.IPV4))
        .isInstanceOfSatisfying(IptablesSyntaxException.class, e -> {
          assertThat(e.line()).isEqualTo(4);
          assertThat(e.column()).as("the -m tcp it belongs to").isEqualTo(20);
          assertThat(e.getMessage()).startsWith("line 4, column 20: port");
        });
    assertThatThrownBy(() -> codec.parse("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 10.0.0.1 --bogus\nCOMMIT\n", IpFamily.IPV4))
        .isInstanceOfSatisfying(IptablesSyntaxException.class, e -> {
          assertThat(e.line()).isEqualTo(3);
          assertThat(e.column()).isEqualTo(22);
        });
    assertThatThrownBy(() -> codec.parse("*filter\n:INPUT ACCEPT [0:0]\n", IpFamily.IPV4))
        .isInstanceOfSatisfying(IptablesSyntaxException.class, e -> assertThat(e.reason()).contains("no COMMIT"));
    assertThatThrownBy(() -> codec.parse("*filter\n-A NOPE -j ACCEPT\nCOMMIT\n", IpFamily.IPV4))
        .isInstanceOfSatisfying(IptablesSyntaxException.class, e -> assertThat(e.column()).isEqualTo(4));
  }

  @Test
  void nftBackendWarningsAndCountersAreRead() {
    String dump = String.join("\n",
        "# Warning: iptables-legacy tables present, use iptables-legacy-save to see them",
        "# Generated by iptables-nft-save v1.8.9 (nf_tables) on Thu Nov 26 19:29:17 2026",
        "*nat",
        ":PREROUTING ACCEPT [12:720]",
        ":KUBE-SEP-A - [0:0]",
        "[3:180] -A KUBE-SEP-A -p tcp -m tcp -j DNAT --to-destination 10.0.0.1:80",
        "COMMIT",
        "# Completed on Thu Nov 26 19:29:17 2026",
        "");
    RuleSet parsed = codec.parse(dump, IpFamily.IPV4);
    TableRules nat = parsed.table(Table.NAT).orElseThrow();
    assertThat(nat.chain(ChainName.of("PREROUTING")).orElseThrow().counters()).isEqualTo(new Counters(12, 720));
    assertThat(nat.chain(ChainName.of("KUBE-SEP-A")).orElseThrow().rules().get(0).counters()).isEqualTo(new Counters(3, 180));
    assertThat(codec.format(parsed, true)).contains("[3:180] -A KUBE-SEP-A -p tcp -m tcp -j DNAT --to-destination 10.0.0.1:80");
  }

  @Test
  void chainNamesAreValidatedForLengthAndCharacters() {
    assertThat(ChainName.of("KUBE-SEP-ABCDEFGHIJKLMNOP").value()).hasSize(25);
    for (String bad : List.of("", "A".repeat(29), "-X", "!X", "a b", "a\"b", "a\nb", "ACCEPT")) {
      assertThatThrownBy(() -> ChainName.of(bad)).isInstanceOfSatisfying(InvalidRuleException.class,
          e -> assertThat(e.field()).isEqualTo("chain"));
    }
  }

  @Test
  void portMatchNeedsItsProtocol() {
    assertThatThrownBy(() -> Rule.builder().match(PortMatch.destination(Protocol.TCP, 80)).build())
        .isInstanceOfSatisfying(InvalidRuleException.class, e -> assertThat(e.field()).isEqualTo("protocol"));
  }
}
