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

/**
 * Reads iptables-save output (legacy or nft backend, with or without {@code -c}): {@code *table},
 * chain lines {@code :NAME POLICY [p:b]}, rules {@code [p:b] -A CHAIN ...}, {@code COMMIT}, and
 * {@code #} lines (the generated/completed stamps and the nft backend's warnings), which are skipped.
 */
public final class SaveParser {

  private final IpFamily family;
  private final StringPool pool = new StringPool(1 << 12);
  private final RuleParser.Shared shared = new RuleParser.Shared();
  /** The current line's tokens (the list is reused from line to line). */
  private final List<Token> tokens = new ArrayList<>(32);
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
      parser.line(text, start, stop, ++number);
      start = end + 1;
    }
    if (parser.table != null) {
      throw new IptablesSyntaxException(parser.tableLine, 1,
          "table " + parser.table.tableName() + " has no COMMIT");
    }
    return new RuleSet(family, parser.tables);
  }

  /**
   * The line {@code text[start, end)}. Rule and chain lines (the bulk of a dump) are tokenized in
   * place; the few others are cut out of the text.
   */
  private void line(String text, int start, int end, int number) {
    int first = start;
    while (first < end && Character.isWhitespace(text.charAt(first))) {
      first++;
    }
    if (first == end) {
      return;
    }
    char c = text.charAt(first);
    if (table != null && (c == '-' || c == '[' || c == ':')) {
      tokens.clear();
      RestoreTokenizer.tokenize(text, start, end, number, pool, tokens);
      if (c == ':') {
        chainLine(tokens, number);
      } else {
        ruleLine(tokens, number);
      }
      return;
    }
    line(text.substring(start, end), number);
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
    ruleLine(tokens, number);
  }

  private void ruleLine(List<Token> tokens, int number) {
    int index = 0;
    Counters counters = tokens.get(0).raw().startsWith("[") ? counters(tokens.get(0), number) : null;
    if (counters != null) {
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
    Rule rule = RuleParser.parse(tokens.subList(index + 2, tokens.size()), family, number, counters, shared);
    chain.rules.add(rule);
  }

  private void chainLine(List<Token> tokens, int number) {
    Token nameToken = tokens.get(0);
    if (tokens.size() < 2 || tokens.size() > 3) {
      throw new IptablesSyntaxException(number, nameToken.column(), "expected :NAME POLICY [packets:bytes]");
    }
    Token bare = new Token(pool.of(nameToken.value(), 1, nameToken.value().length()),
        nameToken.raw().substring(1), nameToken.column() + 1);
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
      counters = counters(tokens.get(2), number);
      if (counters == null) {
        throw new IptablesSyntaxException(number, tokens.get(2).column(), "expected [packets:bytes]");
      }
    }
    if (chains.containsKey(name.value())) {
      throw new IptablesSyntaxException(number, nameToken.column(), "chain " + name + " declared twice");
    }
    chains.put(name.value(), new ChainBuilder(name, policy, counters));
  }

  /** {@code [packets:bytes]} with 1 to 20 digits each, or null if the token is not of that form. */
  private static Counters counters(Token token, int line) {
    String raw = token.raw();
    int colon = raw.indexOf(':');
    int digits1 = colon - 1;
    int digits2 = raw.length() - colon - 2;
    if (!raw.startsWith("[") || !raw.endsWith("]") || colon < 0 || digits1 < 1 || digits1 > 20
        || digits2 < 1 || digits2 > 20 || !digits(raw, 1, colon) || !digits(raw, colon + 1, raw.length() - 1)) {
      return null;
    }
    if (digits1 == 1 && digits2 == 1 && raw.charAt(1) == '0' && raw.charAt(3) == '0') {
      return Counters.ZERO;
    }
    try {
      return new Counters(Long.parseLong(raw, 1, colon, 10), Long.parseLong(raw, colon + 1, raw.length() - 1, 10));
    } catch (NumberFormatException e) {
      throw new IptablesSyntaxException(line, token.column(), "counter out of range");
    }
  }

  private static boolean digits(String text, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
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
