package dev.svcnet.netfilter;

import java.util.List;

/**
 * A target this library does not model, kept as its name and the exact tokens iptables-save
 * printed after it, so foreign rules survive a round trip.
 */
public record UnknownTarget(String name, List<String> arguments) implements Target {
  public UnknownTarget {
    Text.name(name, "target", 28);
    InvalidRuleException.notNull(arguments, "arguments");
    arguments = List.copyOf(arguments);
    for (String argument : arguments) {
      VerbatimToken.check(argument, "arguments");
    }
  }
}
