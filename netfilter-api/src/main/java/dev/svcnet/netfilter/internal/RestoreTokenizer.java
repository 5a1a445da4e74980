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
    if (line.indexOf('\t') >= 0) {
      return tokenizeCharByChar(line, lineNumber);
    }
    // Only spaces separate tokens: find them with indexOf (vectorized), one token at a time.
    List<Token> tokens = new ArrayList<>(24);
    int n = line.length();
    int quote = line.indexOf('"');
    int i = 0;
    while (i < n) {
      if (line.charAt(i) == ' ') {
        i++;
        continue;
      }
      int end = line.indexOf(' ', i);
      if (end < 0) {
        end = n;
      }
      if (quote >= 0 && quote < end) {
        i = quoted(line, i, quote, lineNumber, tokens);
        quote = i < n ? line.indexOf('"', i) : -1;
        continue;
      }
      String plain = line.substring(i, end);
      tokens.add(new Token(plain, plain, i + 1));
      i = end;
    }
    return tokens;
  }

  private static List<Token> tokenizeCharByChar(String line, int lineNumber) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (i < n) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t') {
        i++;
        continue;
      }
      int start = i;
      while (i < n && (c = line.charAt(i)) != ' ' && c != '\t' && c != '"') {
        i++;
      }
      if (i == n || c != '"') {
        String plain = line.substring(start, i);
        tokens.add(new Token(plain, plain, start + 1));
        continue;
      }
      i = quoted(line, start, i, lineNumber, tokens);
    }
    return tokens;
  }

  /** Reads a token that contains a double quote, starting at {@code start}; returns its end. */
  private static int quoted(String line, int start, int i, int lineNumber, List<Token> tokens) {
    int n = line.length();
    StringBuilder value = new StringBuilder(line.substring(start, i));
    boolean quoted = false;
    int quoteStart = -1;
    while (i < n) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < n) {
          value.append(line.charAt(i + 1));
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
      throw new IptablesSyntaxException(lineNumber, quoteStart + 1, "unterminated quote");
    }
    tokens.add(new Token(value.toString(), line.substring(start, i), start + 1));
    return i;
  }
}
