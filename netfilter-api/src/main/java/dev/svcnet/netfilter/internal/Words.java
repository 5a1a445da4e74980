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

  /** The value, or null for a token whose value was not asked for yet (then see valueStarts/valueEnds/hashes). */
  private String[] values = new String[32];
  /** The token as written, or null for a token not asked for yet (then see starts/ends). */
  private String[] raws = new String[32];
  private int[] columns = new int[32];
  private int[] starts = new int[32];
  private int[] ends = new int[32];
  /** For a token whose value is a region of the text: that region and its {@link String#hashCode()}. */
  private int[] valueStarts = new int[32];
  private int[] valueEnds = new int[32];
  private int[] hashes = new int[32];
  /** Whether the token is plain (no quotes) and {@code text[starts, ends)}. */
  private boolean[] plain = new boolean[32];
  /** Whether the token's value is {@code text[valueStarts, valueEnds)}. */
  private boolean[] valueInText = new boolean[32];
  private String text;
  private StringPool pool;
  private int size;

  void clear() {
    size = 0;
  }

  void add(String value, String raw, int column) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
      raws = Arrays.copyOf(raws, size * 2);
      columns = Arrays.copyOf(columns, size * 2);
      starts = Arrays.copyOf(starts, size * 2);
      ends = Arrays.copyOf(ends, size * 2);
      hashes = Arrays.copyOf(hashes, size * 2);
      valueStarts = Arrays.copyOf(valueStarts, size * 2);
      valueEnds = Arrays.copyOf(valueEnds, size * 2);
      plain = Arrays.copyOf(plain, size * 2);
      valueInText = Arrays.copyOf(valueInText, size * 2);
    }
    values[size] = value;
    raws[size] = raw;
    columns[size] = column;
    plain[size] = false;
    valueInText[size] = false;
    size++;
  }

  /**
   * A token without quotes, {@code text[start, end)} whose {@link String#hashCode()} is {@code
   * hash}. Its string is taken from {@code pool} only when asked for: an address or a DNAT
   * destination is read straight from the text, so a dump's tens of thousands of distinct
   * addresses never become strings.
   */
  void addPlain(String text, int start, int end, int hash, int column, StringPool pool) {
    add(null, null, column);
    this.text = text;
    this.pool = pool;
    starts[size - 1] = start;
    ends[size - 1] = end;
    valueStarts[size - 1] = start;
    valueEnds[size - 1] = end;
    hashes[size - 1] = hash;
    plain[size - 1] = true;
    valueInText[size - 1] = true;
  }

  /**
   * A token {@code "VALUE"} without backslashes at {@code text[rawStart, rawEnd)}, whose value is
   * {@code text[valueStart, valueEnd)} with {@link String#hashCode()} {@code hash}: like a plain
   * token, its value becomes a string only when asked for (a comment is found from the text).
   */
  void addQuoted(String text, int valueStart, int valueEnd, int hash, int rawStart, int rawEnd, int column,
      StringPool pool) {
    add(null, null, column);
    this.text = text;
    this.pool = pool;
    starts[size - 1] = rawStart;
    ends[size - 1] = rawEnd;
    valueStarts[size - 1] = valueStart;
    valueEnds[size - 1] = valueEnd;
    hashes[size - 1] = hash;
    valueInText[size - 1] = true;
  }

  /**
   * A token written with quotes, {@code text[rawStart, rawEnd)}. Its written form is needed only
   * for a verbatim argument or a message, so it is cut out of the text only when asked for: a
   * kube-proxy dump has a quoted comment on nearly every rule.
   */
  void addQuoted(String value, String text, int rawStart, int rawEnd, int column) {
    add(value, null, column);
    this.text = text;
    starts[size - 1] = rawStart;
    ends[size - 1] = rawEnd;
  }

  /** Sets token {@code i}'s value and column (a chain line's name without its colon). */
  void set(int i, String value, int column) {
    raw(i);
    values[i] = value;
    columns[i] = column;
    plain[i] = false;
    valueInText[i] = false;
  }

  int size() {
    return size;
  }

  /** The value of token {@code i} (quotes removed, escapes resolved). */
  String value(int i) {
    String value = values[i];
    if (value == null) {
      value = pool.of(text, valueStarts[i], valueEnds[i], hashes[i]);
      values[i] = value;
      if (plain[i]) {
        raws[i] = value;
      }
    }
    return value;
  }

  /** Token {@code i} as written. */
  String raw(int i) {
    String raw = raws[i];
    if (raw == null) {
      raw = plain[i] ? value(i) : text.substring(starts[i], ends[i]);
      raws[i] = raw;
    }
    return raw;
  }

  /** Whether token {@code i}'s value is {@code text()[valueStart(i), valueEnd(i))}, with {@link #hash}. */
  boolean valueInText(int i) {
    return valueInText[i];
  }

  int valueStart(int i) {
    return valueStarts[i];
  }

  int valueEnd(int i) {
    return valueEnds[i];
  }

  /** Whether token {@code i} has no quotes and is {@code text()[start(i), end(i))}. */
  boolean isPlain(int i) {
    return plain[i];
  }

  /** The text the plain tokens are regions of. */
  String text() {
    return text;
  }

  int start(int i) {
    return starts[i];
  }

  int end(int i) {
    return ends[i];
  }

  /** The {@link String#hashCode()} of token {@code i}'s value, if {@link #valueInText}. */
  int hash(int i) {
    return hashes[i];
  }

  /**
   * Token {@code i} as written if it has no quotes, else a string that starts with a quote: what
   * to compare with option names and keywords, which never contain quotes.
   */
  String option(int i) {
    String raw = raws[i];
    if (raw == null) {
      return plain[i] ? value(i) : QUOTED;
    }
    return raw;
  }

  int column(int i) {
    return columns[i];
  }

  /** Tokens {@code [from, size)} as records, for callers outside the hot path. */
  List<Token> tokens(int from) {
    List<Token> tokens = new ArrayList<>(size - from);
    for (int i = from; i < size; i++) {
      tokens.add(new Token(value(i), raw(i), columns[i]));
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
