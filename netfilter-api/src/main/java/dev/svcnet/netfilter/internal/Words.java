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
  private String[] values = new String[32];
  private String[] raws = new String[32];
  private int[] columns = new int[32];
  private int size;

  void clear() {
    size = 0;
  }

  void add(String value, String raw, int column) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
      raws = Arrays.copyOf(raws, size * 2);
      columns = Arrays.copyOf(columns, size * 2);
    }
    values[size] = value;
    raws[size] = raw;
    columns[size] = column;
    size++;
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
    return raws[i];
  }

  int column(int i) {
    return columns[i];
  }

  /** Tokens {@code [from, size)} as records, for callers outside the hot path. */
  List<Token> tokens(int from) {
    List<Token> tokens = new ArrayList<>(size - from);
    for (int i = from; i < size; i++) {
      tokens.add(new Token(values[i], raws[i], columns[i]));
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
