package dev.svcnet.ingress;

import com.google.re2j.Pattern;
import java.util.Objects;

/**
 * A Gateway API header or query-parameter match.
 *
 * @param name the header name (compared case-insensitively) or query parameter name (exact)
 * @param regex true for {@code RegularExpression} (RE2, whole value), false for {@code Exact}
 * @param value the expected value or the pattern
 */
public record ValueMatch(String name, boolean regex, String value) {

  public ValueMatch {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("match name must not be empty");
    }
    if (regex) {
      Pattern.compile(value);
    }
  }

  /** Whether {@code actual} (null when absent) satisfies this match. */
  public boolean accepts(String actual) {
    if (actual == null) {
      return false;
    }
    return regex ? Pattern.matches(value, actual) : value.equals(actual);
  }

  @Override
  public String toString() {
    return name + (regex ? "~" : "=") + value;
  }
}
