package dev.svcnet.netfilter.internal;

import dev.svcnet.netfilter.IptablesSyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line the way iptables-restore does: spaces and tabs separate tokens outside double
 * quotes; inside double quotes a backslash takes the next character literally. Single quotes are
 * ordinary characters.
 */
public final class RestoreTokenizer {
  private RestoreTokenizer() {}

  public static List<Token> tokenize(String line, int lineNumber) {
    List<Token> tokens = new ArrayList<>(24);
    tokenize(line, 0, line.length(), lineNumber, new StringPool(64), tokens);
    return tokens;
  }

  /** As {@link #tokenize(String, int, int, int, StringPool, Words)}, appending records to a list. */
  static void tokenize(String text, int start, int end, int lineNumber, StringPool pool, List<Token> into) {
    Words words = new Words();
    tokenize(text, start, end, lineNumber, pool, words);
    into.addAll(words.tokens(0));
  }

  /**
   * Appends the tokens of the line {@code text[start, end)} to {@code into}, columns counted from
   * {@code start}. Token texts come from {@code pool}: a word seen before on any line is not
   * copied again.
   */
  static void tokenize(String text, int start, int end, int lineNumber, StringPool pool, Words into) {
    tokenize(text, start, end, start, lineNumber, pool, into);
  }

  /**
   * As {@link #tokenize(String, int, int, int, StringPool, Words)} for the part {@code text[from,
   * end)} of the line that starts at {@code lineStart} (columns still count from there).
   */
  static void tokenize(String text, int from, int end, int lineStart, int lineNumber, StringPool pool,
      Words into) {
    int i = from;
    while (i < end) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t') {
        i++;
        continue;
      }
      int tokenStart = i;
      int hash = 0;
      while (i < end && (c = text.charAt(i)) != ' ' && c != '\t' && c != '"') {
        hash = 31 * hash + c;
        i++;
      }
      if (i == end || c != '"') {
        into.addPlain(text, tokenStart, i, hash, tokenStart - lineStart + 1, pool);
        continue;
      }
      if (i == tokenStart) {
        // "text" without backslashes, the whole token: the common form of a comment.
        int close = i + 1;
        int valueHash = 0;
        while (close < end && (c = text.charAt(close)) != '"' && c != '\\') {
          valueHash = 31 * valueHash + c;
          close++;
        }
        if (close < end && c == '"' && (close + 1 == end || (c = text.charAt(close + 1)) == ' ' || c == '\t')) {
          into.addQuoted(text, i + 1, close, valueHash, tokenStart, close + 1, tokenStart - lineStart + 1, pool);
          i = close + 1;
          continue;
        }
      }
      i = quoted(text, lineStart, end, tokenStart, i, lineNumber, pool, into);
    }
  }

  /** Reads a token that contains a double quote at {@code i}, starting at {@code tokenStart}; returns its end. */
  private static int quoted(String text, int lineStart, int end, int tokenStart, int i, int lineNumber,
      StringPool pool, Words into) {
    StringBuilder value = new StringBuilder().append(text, tokenStart, i);
    boolean quoted = false;
    int quoteStart = -1;
    while (i < end) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < end) {
          value.append(text.charAt(i + 1));
          i += 2;
          continue;
        }
        if (c == '"') {
          quoted = false;
        } else {
          value.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        quoteStart = i;
      } else if (c == ' ' || c == '\t') {
        break;
      } else {
        value.append(c);
      }
      i++;
    }
    if (quoted) {
      throw new IptablesSyntaxException(lineNumber, quoteStart - lineStart + 1, "unterminated quote");
    }
    into.addQuoted(pool.of(value.toString()), text, tokenStart, i, tokenStart - lineStart + 1);
    return i;
  }
}
