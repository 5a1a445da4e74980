package dev.svcnet.netfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcnet.netfilter.internal.SaveTextCodec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rule read from a whole dump equals the same rule read on its own. A dump's rules are read with
 * shared values (an IPv4 address, CIDR or DNAT destination in its plain form is read straight from
 * the text once per value; port and statistic matches are made once per text), a single rule
 * without them, so the two paths check each other; and a bad value in a dump is the same typed
 * error naming its line and column, whether it comes first or after a valid value like it.
 */
class DumpReadingTest {
  private final RuleSetCodec codec = RuleSetCodec.standard();

  private Rule readFromDump(String arguments, int copies) {
    StringBuilder dump = new StringBuilder("*nat\n:PREROUTING ACCEPT [0:0]\n:X - [0:0]\n:Y - [0:0]\n");
    for (int i = 0; i < copies; i++) {
      dump.append("-A X ").append(arguments).append('\n');
    }
    dump.append("COMMIT\n");
    List<Rule> rules = codec.parse(dump.toString(), IpFamily.IPV4).tables().get(0).chains().get(1).rules();
    assertThat(rules).hasSize(copies).allSatisfy(rule -> assertThat(rule).isEqualTo(rules.get(0)));
    return rules.get(copies - 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "-s 10.1.2.3 -j Y",
    "-s 10.1.2.3/32 -d 10.1.2.3/24 -j Y",
    "! -s 10.244.0.0/16 -d 0.0.0.0/0 -j Y",
    "-d 10.1.2.3/0 -j Y",
    "-d 10.1.2.3/8 -j Y",
    "-d 10.1.2.3/255.255.0.0 -j Y",
    "-d 10.1.2.3/032 -j Y",
    "-d 255.255.255.255/1 -j Y",
    "-p tcp -m tcp --dport 80 -j Y",
    "-p tcp -m tcp ! --dport 80 -j Y",
    "-p udp -m udp --sport 53 --dport 1000:2000 -j Y",
    "-p tcp -m tcp --dport http -j Y",
    "-p tcp --dport 8080 -m comment --comment \"ns/svc:p\" -j Y",
    "-m statistic --mode random --probability 0.33333333349 -j Y",
    "-m statistic --mode random ! --probability 0.5 -j Y",
    "-m statistic --mode nth --every 3 --packet 1 -j Y",
    "-p tcp -m tcp -j DNAT --to-destination 10.244.2.55:8532",
    "-p tcp -m tcp -j DNAT --to-destination 10.244.2.55",
    "-p tcp -m tcp -j DNAT --to-destination 10.244.2.55:0",
    "-p tcp -m tcp -j DNAT --to-destination 10.244.2.55:80-90",
    "-p tcp -m tcp -j DNAT --to-destination 10.244.2.55-10.244.2.60:80",
    "-p tcp -m tcp -j DNAT --to-destination 10.244.2.55:080 --random",
  })
  void aRuleReadFromADumpEqualsTheRuleReadAlone(String arguments) {
    Rule alone = codec.parseRule(arguments, IpFamily.IPV4);
    assertThat(readFromDump(arguments, 1)).isEqualTo(alone);
    assertThat(readFromDump(arguments, 3)).isEqualTo(alone);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "-s 10.1.2.3/33", "-s 10.1.2.256", "-s 010.1.2.3", "-s 10.1.2", "-s 10.1.2.3.4", "-s 10.1.2.3/",
    "-d 10.1.2.3/-1", "-d fd00::1", "-d 10.1.2.3:80",
    "-p tcp -j DNAT --to-destination 10.1.2.3:65536", "-p tcp -j DNAT --to-destination 10.1.2.3:",
    "-p tcp -j DNAT --to-destination 10.1.2.300:80", "-p tcp -j DNAT --to-destination 10.1.2.3:8a",
    "-p tcp -m tcp --dport 65536", "-p tcp -m tcp --dport nosuchservice",
    "-m statistic --mode random --probability 1.5",
  })
  void aBadValueInADumpIsATypedErrorAtItsLineAfterAValidRuleToo(String arguments) {
    String valid = "-s 10.1.2.3/32 -d 10.1.2.3 -p tcp -m tcp --dport 80 -m statistic --mode random "
        + "--probability 0.5 -j DNAT --to-destination 10.1.2.3:80";
    String dump = "*nat\n:PREROUTING ACCEPT [0:0]\n:X - [0:0]\n-A X " + valid + "\n-A X " + arguments
        + " -j DNAT --to-destination 10.1.2.3:80\nCOMMIT\n";
    assertThatThrownBy(() -> codec.parse(dump, IpFamily.IPV4))
        .isInstanceOfSatisfying(IptablesSyntaxException.class, e -> assertThat(e.line()).isEqualTo(5));
    assertThatThrownBy(() -> codec.parseRule(arguments + " -j DNAT --to-destination 10.1.2.3:80", IpFamily.IPV4))
        .isInstanceOf(IptablesSyntaxException.class);
  }

  /**
   * The standard codec makes the rule set's checks of each rule while reading it (and the rule set
   * does not repeat them); a codec without them leaves them to the rule set. Both report the same
   * first failure: the rule set's, whose order is chains as declared, not lines.
   */
  @Test
  void targetsOutsideTheirTableFailAsTheRuleSetReportsThemWithEitherCodec() {
    String dump = "*filter\n:INPUT ACCEPT [0:0]\n:A - [0:0]\n:B - [0:0]\n"
        + "-A B -p tcp -j DNAT --to-destination 10.0.0.1:80\n-A A -j NOTRACK\nCOMMIT\n";
    for (RuleSetCodec reader : List.of(codec, new SaveTextCodec())) {
      assertThatThrownBy(() -> reader.parse(dump, IpFamily.IPV4))
          .isInstanceOf(InvalidRuleException.class)
          .hasMessageContaining("NOTRACK is only valid in raw (chain A in table filter)");
    }
  }

  @Test
  void aTableGivenAgainReplacesTheEarlierOneAndItsFailures() {
    String dump = "*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -j DROP\nCOMMIT\n"
        + "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -j RETURN\nCOMMIT\n";
    for (RuleSetCodec reader : List.of(codec, new SaveTextCodec())) {
      RuleSet read = reader.parse(dump, IpFamily.IPV4);
      assertThat(read.tables()).extracting(TableRules::table).containsExactly(Table.FILTER, Table.NAT);
      assertThat(read.table(Table.NAT).orElseThrow().chains().get(0).rules())
          .containsExactly(Rule.builder().target(Verdict.RETURN).build());
    }
    String stillBad = "*nat\n:PREROUTING ACCEPT [0:0]\nCOMMIT\n*nat\n:PREROUTING ACCEPT [0:0]\n"
        + "-A PREROUTING -j DROP\nCOMMIT\n";
    assertThatThrownBy(() -> codec.parse(stillBad, IpFamily.IPV4))
        .isInstanceOf(InvalidRuleException.class).hasMessageContaining("the nat table is not for filtering");
  }
}
