package dev.svcnet.netfilter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.svcnet.netfilter.IptablesSyntaxException;
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
}
