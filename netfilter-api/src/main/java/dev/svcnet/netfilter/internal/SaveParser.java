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
import java.util.List;

/**
 * Reads iptables-save output (legacy or nft backend, with or without {@code -c}): {@code *table},
 * chain lines {@code :NAME POLICY [p:b]}, rules {@code [p:b] -A CHAIN ...}, {@code COMMIT}, and
 * {@code #} lines (the generated/completed stamps and the nft backend's warnings), which are skipped.
 */
public final class SaveParser {

  private final IpFamily family;
  private final int expectedRules;
  private final StringPool pool;
  private final RuleParser rules;
  /** The current line's tokens (reused from line to line). */
  private final Words words = new Words();
  private final List<TableRules> tables = new ArrayList<>();
  /** For each of {@link #tables}, the first failure of {@link #checks} in the rule set's order, or null. */
  private final List<InvalidRuleException> failures = new ArrayList<>();
  private final RuleChecks checks;
  private Table table;
  private int tableLine;
  /** The declared chains of the current table by name. */
  private RegionTable<ChainBuilder> chains;
  /** The same chains in declaration order. */
  private List<ChainBuilder> chainOrder;

  /**
   * The jump to the chain named {@code text[start, end)} if it is a chain of the current table
   * that {@code -j} reaches as a jump (not one named like a target), one object per chain.
   */
  private dev.svcnet.netfilter.Jump declaredJump(String text, int start, int end, int hash) {
    ChainBuilder chain = chains == null ? null : chains.get(text, start, end, hash);
    if (chain == null || chain.namedLikeATarget) {
      return null;
    }
    if (chain.jump == null) {
      chain.jump = new dev.svcnet.netfilter.Jump(chain.name);
    }
    return chain.jump;
  }

  private SaveParser(IpFamily family, int textLength, RuleChecks checks) {
    this.family = family;
    this.checks = checks;
    // A kube-proxy dump has about one pooled word (chain names, comments; addresses are not
    // pooled) per 180 characters and a rule per 150: sized so that neither the pool (which
    // doubles when half full) nor the parser's tables grow while reading it.
    this.pool = new StringPool(Integer.highestOneBit(Math.max(1 << 12, textLength / 64) - 1) << 1);
    this.expectedRules = Math.max(16, textLength / 128);
    RuleParser.addKeywords(pool);
    this.rules = new RuleParser(family, this::declaredJump, expectedRules);
  }

  public static RuleSet parse(String text, IpFamily family) {
    return parse(text, family, RuleChecks.IN_RULE_SET);
  }

  /** Parses {@code text}, making the rule set's checks of each rule with {@code checks} as it is read. */
  public static RuleSet parse(String text, IpFamily family, RuleChecks checks) {
    SaveParser parser = new SaveParser(family, text.length(), checks);
    try {
      return parser.read(text);
    } finally {
      parser.clear();
    }
  }

  /** Reads every line of {@code text}; the rule set of what it declares. */
  private RuleSet read(String text) {
    int number = 0;
    int start = 0;
    int length = text.length();
    while (start <= length) {
      int newline = text.indexOf('\n', start);
      int end = newline < 0 ? length : newline;
      int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      line(text, start, stop, ++number);
      start = end + 1;
    }
    if (table != null) {
      throw new IptablesSyntaxException(tableLine, 1, "table " + table.tableName() + " has no COMMIT");
    }
    return checks.ruleSet(family, tables, failures);
  }

  /** Drops the parse's tables' references, so that nothing outlives it but the rule set. */
  private void clear() {
    // The rule set has its own copy of the tables; this list, in a parser that a collection
    // may have promoted, would otherwise hold the whole finished model for the next one.
    tables.clear();
    failures.clear();
    pool.clear();
    rules.clear();
    if (chains != null) {
      chains.clear();
    }
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
      words.clear();
      if (c == ':') {
        char next = first + 1 < end ? text.charAt(first + 1) : ' ';
        if (next != ' ' && next != '\t') {
          // The name without its colon is the first token: no string made for ":NAME".
          RestoreTokenizer.tokenize(text, first + 1, end, start, number, pool, words);
        } else {
          RestoreTokenizer.tokenize(text, start, end, number, pool, words);
          dropColon(words);
        }
        chainLine(words, number);
      } else {
        RestoreTokenizer.tokenize(text, start, end, number, pool, words);
        ruleLine(words, number);
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
      chains = new RegionTable<>(expectedRules / 2);
      chainOrder = new ArrayList<>();
      return;
    }
    if (table == null) {
      throw new IptablesSyntaxException(number, indent + 1, "expected *table before '" + trimmed + "'");
    }
    if (trimmed.equals("COMMIT")) {
      List<Chain> built = new ArrayList<>();
      InvalidRuleException failure = null;
      for (ChainBuilder chain : chainOrder) {
        built.add(new Chain(chain.name, chain.policy, chain.counters, chain.rules()));
        failure = failure == null ? chain.failure : failure;
        chain.clear();
      }
      // The table's builders may have outlived a young collection; emptied, they cannot keep
      // the rules they gathered (now in the chains) from being collected young later.
      chains.clear();
      chainOrder.clear();
      for (int i = 0; i < tables.size(); i++) {
        if (tables.get(i).table() == table) {
          // A table given again replaces the earlier one, as iptables-restore does.
          tables.remove(i);
          failures.remove(i);
          break;
        }
      }
      tables.add(new TableRules(table, built));
      failures.add(failure);
      table = null;
      return;
    }
    words.clear();
    RestoreTokenizer.tokenize(line, 0, line.length(), number, pool, words);
    if (trimmed.startsWith(":")) {
      dropColon(words);
      chainLine(words, number);
      return;
    }
    ruleLine(words, number);
  }

  private void ruleLine(Words words, int number) {
    int index = 0;
    Counters counters = words.option(0).startsWith("[") ? counters(words, 0, number) : null;
    if (counters != null) {
      index = 1;
    }
    int size = words.size();
    if (index >= size || !(words.option(index).equals("-A") || words.option(index).equals("--append"))) {
      int at = index < size ? index : 0;
      throw new IptablesSyntaxException(number, words.column(at), "expected -A CHAIN, a chain line or COMMIT");
    }
    if (index + 1 >= size) {
      throw new IptablesSyntaxException(number, words.column(index), "-A needs a chain");
    }
    int at = index + 1;
    ChainBuilder chain = words.isPlain(at)
        ? chains.get(words.text(), words.start(at), words.end(at), words.hash(at))
        : chains.get(words.value(at));
    if (chain == null) {
      String chainName = words.value(at);
      chainName(chainName, number, words.column(index + 1));
      throw new IptablesSyntaxException(number, words.column(index + 1),
          "chain " + chainName + " is not declared in table " + table.tableName());
    }
    Rule rule = rules.parse(words, index + 2, number, counters);
    if (chain.failure == null) {
      try {
        checks.check(rule, table, family, chain.name);
      } catch (InvalidRuleException e) {
        chain.failure = e;
      }
    }
    chain.add(rule);
  }

  /** The first token, {@code :NAME}, becomes {@code NAME} at the column after the colon. */
  private void dropColon(Words words) {
    String value = words.value(0);
    words.set(0, pool.of(value, 1, value.length()), words.column(0) + 1);
  }

  /** A chain line whose first token is the chain's name (the colon dropped). */
  private void chainLine(Words words, int number) {
    int nameColumn = words.column(0) - 1;
    if (words.size() < 2 || words.size() > 3) {
      throw new IptablesSyntaxException(number, nameColumn, "expected :NAME POLICY [packets:bytes]");
    }
    ChainName name = chainName(words.value(0), number, nameColumn + 1);
    Policy policy;
    if (table.isBuiltin(name)) {
      try {
        policy = Policy.valueOf(words.value(1));
      } catch (IllegalArgumentException e) {
        throw new IptablesSyntaxException(number, words.column(1), "policy must be ACCEPT or DROP");
      }
    } else {
      if (!words.value(1).equals("-")) {
        throw new IptablesSyntaxException(number, words.column(1), "a user chain's policy is '-'");
      }
      policy = null;
    }
    Counters counters = Counters.ZERO;
    if (words.size() == 3) {
      counters = counters(words, 2, number);
      if (counters == null) {
        throw new IptablesSyntaxException(number, words.column(2), "expected [packets:bytes]");
      }
    }
    if (chains.get(name.value()) != null) {
      throw new IptablesSyntaxException(number, nameColumn, "chain " + name + " declared twice");
    }
    ChainBuilder chain = new ChainBuilder(name, policy, counters);
    chains.put(name.value(), chain);
    chainOrder.add(chain);
  }

  /** Token {@code at}: {@code [packets:bytes]} with 1 to 20 digits each, or null if it is not of that form. */
  private static Counters counters(Words words, int at, int line) {
    String raw = words.raw(at);
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
      throw new IptablesSyntaxException(line, words.column(at), "counter out of range");
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

  /** The chain {@code name} of the token at {@code column} of line {@code line}. */
  private static ChainName chainName(String name, int line, int column) {
    try {
      return ChainName.of(name);
    } catch (InvalidRuleException e) {
      throw new IptablesSyntaxException(line, column, e.getMessage());
    }
  }

  private static final class ChainBuilder {
    private static final Rule[] NO_RULES = new Rule[0];

    final ChainName name;
    final Policy policy;
    final Counters counters;
    private Rule[] rules = NO_RULES;
    private int size;
    dev.svcnet.netfilter.Jump jump;
    /** Whether {@code -j NAME} is a verdict or a target, not a jump to this chain. */
    final boolean namedLikeATarget;
    /** The first of this chain's rules to fail the rule set's checks, or null. */
    InvalidRuleException failure;

    ChainBuilder(ChainName name, Policy policy, Counters counters) {
      this.name = name;
      this.policy = policy;
      this.counters = counters;
      this.namedLikeATarget = RuleParser.isTargetName(name.value());
    }

    void add(Rule rule) {
      if (size == rules.length) {
        rules = java.util.Arrays.copyOf(rules, Math.max(4, size * 2));
      }
      rules[size++] = rule;
    }

    /** Drops the rules (and the jump), once they are in the chain. */
    void clear() {
      rules = NO_RULES;
      size = 0;
      jump = null;
    }

    /** The rules as an immutable list, made without the copies of {@code List.copyOf(ArrayList)}. */
    List<Rule> rules() {
      return switch (size) {
        case 0 -> List.of();
        case 1 -> List.of(rules[0]);
        case 2 -> List.of(rules[0], rules[1]);
        case 3 -> List.of(rules[0], rules[1], rules[2]);
        case 4 -> List.of(rules[0], rules[1], rules[2], rules[3]);
        default -> List.of(size == rules.length ? rules : java.util.Arrays.copyOf(rules, size));
      };
    }
  }
}
