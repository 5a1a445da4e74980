package dev.svcnet.netfilter;

import java.util.List;

/**
 * A match this library does not model, kept as the exact tokens iptables-save printed after
 * {@code -m MODULE} (quotes included), so foreign rules survive a round trip. Each argument must be
 * one restore token on its own: no line breaks, balanced quotes, no whitespace outside quotes.
 */
public record UnknownMatch(String module, List<String> arguments) implements Match {

  public UnknownMatch {
    Text.name(module, "module", 28);
    InvalidRuleException.notNull(arguments, "arguments");
    arguments = List.copyOf(arguments);
    for (String argument : arguments) {
      VerbatimToken.check(argument, "arguments");
    }
  }
}
