package dev.svcnet.netfilter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.IptablesSyntaxException;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.RuleSetCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tokens as iptables-restore splits them: double quotes group, backslash escapes inside them. */
class RestoreTokenizerTest {

  @Test
  void splitsOnSpacesAndTabsOutsideDoubleQuotes() {
    assertThat(RestoreTokenizer.tokenize("-A  X\t-m comment --comment \"a b\\\"c\\\\\" -j 'ACCEPT'", 1))
        .extracting(Token::value)
        .containsExactly("-A", "X", "-m", "comment", "--comment", "a b\"c\\", "-j", "'ACCEPT'");
  }

  @Test
  void keepsTheRawTextAndColumnOfEachToken() {
    assertThat(RestoreTokenizer.tokenize("-A X --comment x\"y z\"", 1).get(3))
        .isEqualTo(new Token("xy z", "x\"y z\"", 16));
  }

  @Test
  void anUnterminatedQuoteIsAnErrorAtTheQuote() {
    assertThatThrownBy(() -> RestoreTokenizer.tokenize("-A X --comment \"open", 7))
        .isInstanceOfSatisfying(IptablesSyntaxException.class, e -> {
          assertThat(e.line()).isEqualTo(7);
          assertThat(e.column()).isEqualTo(16);
        });
  }

  @Test
  void aQuotedWholeTokenIsReadLikeAnyOtherQuotedToken() {
    assertThat(RestoreTokenizer.tokenize("--comment \"a b\" \"c\"d \"e\\\"f\" \"\"", 1))
        .extracting(Token::value, Token::raw, Token::column)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("--comment", "--comment", 1),
            org.assertj.core.groups.Tuple.tuple("a b", "\"a b\"", 11),
            org.assertj.core.groups.Tuple.tuple("cd", "\"c\"d", 17),
            org.assertj.core.groups.Tuple.tuple("e\"f", "\"e\\\"f\"", 22),
            org.assertj.core.groups.Tuple.tuple("", "\"\"", 29));
  }

  @Test
  void aLineInsideALargerTextHasColumnsFromItsOwnStartAndSharesRepeatedWords() {
    String text = "-A X -j Y\n-A X --comment \"a b\" -j Y\n";
    StringPool pool = new StringPool(4);
    List<Token> first = new ArrayList<>();
    List<Token> second = new ArrayList<>();
    RestoreTokenizer.tokenize(text, 0, 9, 1, pool, first);
    RestoreTokenizer.tokenize(text, 10, text.length() - 1, 2, pool, second);
    assertThat(second).extracting(Token::value).containsExactly("-A", "X", "--comment", "a b", "-j", "Y");
    assertThat(second).extracting(Token::column).containsExactly(1, 4, 6, 16, 22, 25);
    assertThat(second.get(1).value()).isSameAs(first.get(1).value());
    assertThat(second.get(5).value()).isSameAs(first.get(3).value());
  }

  @Test
  void countersAreReadOrRejectedWithTheirColumn() {
    RuleSetCodec codec = RuleSetCodec.standard();
    RuleSet read = codec.parse("*filter\n:INPUT ACCEPT [12:720]\n[0:0] -A INPUT -j ACCEPT\n"
        + "[9223372036854775807:0] -A INPUT -j DROP\nCOMMIT\n", IpFamily.IPV4);
    assertThat(read.tables().get(0).chains().get(0).counters().bytes()).isEqualTo(720);
    assertThatThrownBy(() -> codec.parse("*filter\n:INPUT ACCEPT [1:x]\nCOMMIT\n", IpFamily.IPV4))
        .isInstanceOfSatisfying(IptablesSyntaxException.class, e -> {
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.column()).isEqualTo(15);
        });
    assertThatThrownBy(() -> codec.parse("*filter\n:INPUT ACCEPT [0:0]\n[99999999999999999999:0] -A INPUT\n"
        + "COMMIT\n", IpFamily.IPV4))
        .isInstanceOfSatisfying(IptablesSyntaxException.class, e -> {
          assertThat(e.line()).isEqualTo(3);
          assertThat(e.getMessage()).contains("counter out of range");
        });
  }
}
