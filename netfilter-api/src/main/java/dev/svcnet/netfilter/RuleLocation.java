package dev.svcnet.netfilter;

/** Where a rule sits in the model: its table, chain, 0-based position, and the rule itself. */
public record RuleLocation(Table table, ChainName chain, int index, Rule rule) {}
