package dev.svcnet.netfilter;

import dev.svcnet.netfilter.internal.SaveTextCodec;

/**
 * The text forms of rule sets: parsing iptables-save output (either backend, counters included)
 * and printing the canonical form, which is what iptables-save prints back after the rule set is
 * restored.
 */
public interface RuleSetCodec {

  /** The codec for iptables 1.8 text. */
  static RuleSetCodec standard() {
    return new SaveTextCodec(new ParsedRuleChecks());
  }

  /**
   * Parses iptables-save output, or restore input made of the same lines.
   *
   * @throws IptablesSyntaxException naming the line and column of the first error
   */
  RuleSet parse(String text, IpFamily family);

  /** Prints the rule set as iptables-save lays it out (tables, chain lines, rules, COMMIT). */
  String format(RuleSet ruleSet, boolean withCounters);

  /** {@code format(parse(text).canonical())} without counters: what iptables-save would print. */
  default String normalize(String text, IpFamily family) {
    return format(parse(text, family).canonical(), false);
  }

  /** Parses one rule's arguments (what follows {@code -A CHAIN}). */
  Rule parseRule(String arguments, IpFamily family);

  /** The rule's arguments in iptables-save's canonical form. */
  String formatRule(Rule rule, IpFamily family);
}
