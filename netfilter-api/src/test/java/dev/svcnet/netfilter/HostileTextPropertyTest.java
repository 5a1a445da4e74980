package dev.svcnet.netfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import dev.svcnet.harness.netns.InNetworkNamespace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No user string can inject a line or an option: comments and log prefixes made of quotes,
 * backslashes, shell and option characters reach the kernel as exactly one rule holding exactly
 * that text; control characters are refused by the model, naming the field.
 */
class HostileTextPropertyTest {

  @Test
  void lineBreaksAndControlCharactersAreRefusedNamingTheField() {
    for (String text : List.of("a\nb", "a\rb", "x\u0000", "\u001b[0m", "\nCOMMIT\n*filter")) {
      assertThatThrownBy(() -> new CommentMatch(text)).isInstanceOfSatisfying(InvalidRuleException.class,
          e -> assertThat(e.field()).isEqualTo("comment"));
      assertThatThrownBy(() -> new LogTarget(text, 4)).isInstanceOfSatisfying(InvalidRuleException.class,
          e -> assertThat(e.field()).isEqualTo("log-prefix"));
    }
  }

  @Test
  void verbatimArgumentsCannotCarryRuleOptionsOrUnbalancedQuotes() {
    for (String argument : List.of("-j", "\"unbalanced", "two words", "a\nb", "--x\" -j DROP")) {
      assertThatThrownBy(() -> new UnknownMatch("length", List.of(argument)))
          .isInstanceOf(InvalidRuleException.class);
    }
  }

  @Test
  void everyHostileCommentIsOneTokenThatTheCodecReadsBackUnchanged() {
    RuleSetCodec codec = RuleSetCodec.standard();
    qt().withExamples(2000).forAll(Generators.hostileText(80)).checkAssert(text -> {
      Rule rule = Rule.builder().match(new CommentMatch(text)).target(new LogTarget(text.isEmpty() ? "x" : clip(text), 4)).build();
      String line = codec.formatRule(rule, IpFamily.IPV4);
      assertThat(codec.parseRule(line, IpFamily.IPV4)).isEqualTo(rule);
    });
  }

  @InNetworkNamespace
  @ParameterizedTest
  @ValueSource(strings = {"LEGACY", "NFT"})
  void hostileCommentsReachTheKernelAsExactlyOneRuleWithThatText(Backend backend) {
    Iptables iptables = Iptables.of(backend, IpFamily.IPV4);
    qt().withExamples(60).withShrinkCycles(5).forAll(Generators.hostileText(80)).checkAssert(text -> {
      List<Rule> rules = new ArrayList<>();
      rules.add(Rule.builder().match(new CommentMatch(text)).target(Verdict.ACCEPT).build());
      rules.add(Rule.builder().target(new LogTarget(text.isEmpty() ? "x" : clip(text), 4)).build());
      try {
        iptables.replace(RuleSet.of(IpFamily.IPV4,
            new TableRules(Table.FILTER, List.of(Chain.user("HOSTILE", rules)))), false);
        Chain saved = iptables.save(Table.FILTER).chain(ChainName.of("HOSTILE")).orElseThrow();
        assertThat(saved.rules()).extracting(Rule::withoutCounters).containsExactlyElementsOf(rules);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  /** A log prefix holds at most 29 bytes. */
  private static String clip(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      String next = out.toString() + text.charAt(i);
      if (next.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > LogTarget.MAX_PREFIX_BYTES) {
        break;
      }
      out.append(text.charAt(i));
    }
    return out.toString();
  }
}
