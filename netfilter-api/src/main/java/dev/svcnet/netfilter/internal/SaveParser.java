package dev.svcnet.netfilter.internal;

import dev.svcnet.netfilter.Chain;
import dev.svcnet.netfilter.ChainName;
import dev.svcnet.netfilter.Counters;
import dev.svcnet.netfilter.InvalidRuleException;
import dev.svcnet.netfilter.IpFamily;
import dev.svcnet.netfilter.IptablesSyntaxException;
import dev.svcnet.netfilter.Policy;
import dev.svcnet.netfilter.Rule;
import dev.svcnet.netfilter.RuleSet;
import dev.svcnet.netfilter.Table;
import dev.svcnet.netfilter.TableRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads iptables-save output (legacy or nft backend, with or without {@code -c}): {@code *table},
 * chain lines {@code :NAME POLICY [p:b]}, rules {@code [p:b] -A CHAIN ...}, {@code COMMIT}, and
 * {@code #} lines (the generated/completed stamps and the nft backend's warnings), which are skipped.
 */
public final class SaveParser {
  private static final Pattern COUNTERS = Pattern.compile("\\[([0-9]{1,20}):([0-9]{1,20})\\]");

  private final IpFamily family;
  private final List<TableRules> tables = new ArrayList<>();
  private Table table;
  private int tableLine;
  /** The declared chains of the current table by name, in declaration order. */
  private Map<String, ChainBuilder> chains;

  private SaveParser(IpFamily family) {
    this.family = family;
  }

  public static RuleSet parse(String text, IpFamily family) {
    SaveParser parser = new SaveParser(family);
    int number = 0;
    int start = 0;
    int length = text.length();
    while (start <= length) {
      int newline = text.indexOf('\n', start);
      int end = newline < 0 ? length : newline;
      int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      parser.line(text.substring(start, stop), ++number);
      start = end + 1;
    }
    if (parser.table != null) {
      throw new IptablesSyntaxException(parser.tableLine, 1,
          "table " + parser.table.tableName() + " has no COMMIT");
    }
    return new RuleSet(family, parser.tables);
  }

  private void line(String line, int number) {
    String trimmed = line.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return;
    }
    int indent = line.indexOf(trimmed.charAt(0));
    if (trimmed.startsWith("*")) {
      if (table != null) {
        throw new IptablesSyntaxException(number, indent + 1, "table " + table.tableName() + " is not committed");
      }
      try {
        table = Table.named(trimmed.substring(1));
      } catch (InvalidRuleException e) {
        throw new IptablesSyntaxException(number, indent + 2, e.getMessage());
      }
      tableLine = number;
      chains = new LinkedHashMap<>();
      return;
    }
    if (table == null) {
      throw new IptablesSyntaxException(number, indent + 1, "expected *table before '" + trimmed + "'");
    }
    if (trimmed.equals("COMMIT")) {
      List<Chain> built = new ArrayList<>();
      for (ChainBuilder chain : chains.values()) {
        built.add(new Chain(chain.name, chain.policy, chain.counters, chain.rules));
      }
      tables.removeIf(t -> t.table() == table);
      tables.add(new TableRules(table, built));
      table = null;
      return;
    }
    List<Token> tokens = RestoreTokenizer.tokenize(line, number);
    if (trimmed.startsWith(":")) {
      chainLine(tokens, number);
      return;
    }
    int index = 0;
    Counters counters = null;
    Matcher m = tokens.get(0).raw().startsWith("[") ? COUNTERS.matcher(tokens.get(0).raw()) : null;
    if (m != null && m.matches()) {
      counters = counters(m, number, tokens.get(0));
      index = 1;
    }
    if (index >= tokens.size() || !(tokens.get(index).raw().equals("-A") || tokens.get(index).raw().equals("--append"))) {
      Token at = index < tokens.size() ? tokens.get(index) : tokens.get(0);
      throw new IptablesSyntaxException(number, at.column(), "expected -A CHAIN, a chain line or COMMIT");
    }
    if (index + 1 >= tokens.size()) {
      throw new IptablesSyntaxException(number, tokens.get(index).column(), "-A needs a chain");
    }
    Token chainToken = tokens.get(index + 1);
    ChainBuilder chain = chains.get(chainToken.value());
    if (chain == null) {
      chainName(chainToken, number);
      throw new IptablesSyntaxException(number, chainToken.column(),
          "chain " + chainToken.value() + " is not declared in table " + table.tableName());
    }
    Rule rule = RuleParser.parse(tokens.subList(index + 2, tokens.size()), family, number, counters);
    chain.rules.add(rule);
  }

  private void chainLine(List<Token> tokens, int number) {
    Token nameToken = tokens.get(0);
    if (tokens.size() < 2 || tokens.size() > 3) {
      throw new IptablesSyntaxException(number, nameToken.column(), "expected :NAME POLICY [packets:bytes]");
    }
    Token bare = new Token(nameToken.value().substring(1), nameToken.raw().substring(1), nameToken.column() + 1);
    ChainName name = chainName(bare, number);
    Token policyToken = tokens.get(1);
    Policy policy;
    if (table.isBuiltin(name)) {
      try {
        policy = Policy.valueOf(policyToken.value());
      } catch (IllegalArgumentException e) {
        throw new IptablesSyntaxException(number, policyToken.column(), "policy must be ACCEPT or DROP");
      }
    } else {
      if (!policyToken.value().equals("-")) {
        throw new IptablesSyntaxException(number, policyToken.column(), "a user chain's policy is '-'");
      }
      policy = null;
    }
    Counters counters = Counters.ZERO;
    if (tokens.size() == 3) {
      Matcher m = COUNTERS.matcher(tokens.get(2).raw());
      if (!m.matches()) {
        throw new IptablesSyntaxException(number, tokens.get(2).column(), "expected [packets:bytes]");
      }
      counters = counters(m, number, tokens.get(2));
    }
    if (chains.containsKey(name.value())) {
      throw new IptablesSyntaxException(number, nameToken.column(), "chain " + name + " declared twice");
    }
    chains.put(name.value(), new ChainBuilder(name, policy, counters));
  }

  private static Counters counters(Matcher m, int line, Token token) {
    try {
      return new Counters(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    } catch (NumberFormatException e) {
      throw new IptablesSyntaxException(line, token.column(), "counter out of range");
    }
  }

  private static ChainName chainName(Token token, int line) {
    try {
      return ChainName.of(token.value());
    } catch (InvalidRuleException e) {
      throw new IptablesSyntaxException(line, token.column(), e.getMessage());
    }
  }

  private static final class ChainBuilder {
    final ChainName name;
    final Policy policy;
    final Counters counters;
    final List<Rule> rules = new ArrayList<>();

    ChainBuilder(ChainName name, Policy policy, Counters counters) {
      this.name = name;
      this.policy = policy;
      this.counters = counters;
    }
  }
}
