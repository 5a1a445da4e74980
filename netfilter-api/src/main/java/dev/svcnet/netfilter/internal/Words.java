package dev.svcnet.netfilter.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tokens of one line as the parser reads them: for each, its value after unquoting, its text
 * as written and its 1-based column, in parallel arrays that are reused from line to line. A
 * 100,000-rule dump has about 1.5 million tokens; keeping them here instead of one object each
 * keeps the parse's garbage (and so its collections) small.
 */
final class Words {
  /** What {@link #option} gives for a token with quotes: no option or keyword starts with one. */
  private static final String QUOTED = "\"";

  private String[] values = new String[32];
  /** The token as written, or null for a quoted token not asked for yet (then see rawStarts/rawEnds). */
  private String[] raws = new String[32];
  private int[] columns = new int[32];
  private int[] rawStarts = new int[32];
  private int[] rawEnds = new int[32];
  private String text;
  private int size;

  void clear() {
    size = 0;
  }

  void add(String value, String raw, int column) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
      raws = Arrays.copyOf(raws, size * 2);
      columns = Arrays.copyOf(columns, size * 2);
      rawStarts = Arrays.copyOf(rawStarts, size * 2);
      rawEnds = Arrays.copyOf(rawEnds, size * 2);
    }
    values[size] = value;
    raws[size] = raw;
    columns[size] = column;
    size++;
  }

  /**
   * A token written with quotes, {@code text[rawStart, rawEnd)}. Its written form is needed only
   * for a verbatim argument or a message, so it is cut out of the text only when asked for: a
   * kube-proxy dump has a quoted comment on nearly every rule.
   */
  void addQuoted(String value, String text, int rawStart, int rawEnd, int column) {
    add(value, null, column);
    this.text = text;
    rawStarts[size - 1] = rawStart;
    rawEnds[size - 1] = rawEnd;
  }

  /** Sets token {@code i}'s value and column (a chain line's name without its colon). */
  void set(int i, String value, int column) {
    values[i] = value;
    columns[i] = column;
  }

  int size() {
    return size;
  }

  /** The value of token {@code i} (quotes removed, escapes resolved). */
  String value(int i) {
    return values[i];
  }

  /** Token {@code i} as written. */
  String raw(int i) {
    String raw = raws[i];
    if (raw == null) {
      raw = text.substring(rawStarts[i], rawEnds[i]);
      raws[i] = raw;
    }
    return raw;
  }

  /**
   * Token {@code i} as written if it has no quotes, else a string that starts with a quote: what
   * to compare with option names and keywords, which never contain quotes.
   */
  String option(int i) {
    String raw = raws[i];
    return raw == null ? QUOTED : raw;
  }

  int column(int i) {
    return columns[i];
  }

  /** Tokens {@code [from, size)} as records, for callers outside the hot path. */
  List<Token> tokens(int from) {
    List<Token> tokens = new ArrayList<>(size - from);
    for (int i = from; i < size; i++) {
      tokens.add(new Token(values[i], raw(i), columns[i]));
    }
    return tokens;
  }

  /** The tokens as words (a line tokenized elsewhere). */
  static Words of(List<Token> tokens) {
    Words words = new Words();
    for (Token token : tokens) {
      words.add(token.value(), token.raw(), token.column());
    }
    return words;
  }
}
