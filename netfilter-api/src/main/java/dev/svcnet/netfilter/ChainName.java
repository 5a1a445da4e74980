package dev.svcnet.netfilter;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The name of a chain. At most 28 characters (the legacy backend's limit, {@code
 * XT_EXTENSION_MAXNAMELEN} minus the terminating NUL), made of letters, digits and {@code _ - . :
 * +}, not starting with {@code -} or {@code !}, and not a verdict name. That keeps every name a
 * single token that cannot be read as an option in a restore payload.
 */
public record ChainName(String value) implements Comparable<ChainName> {
  public static final int MAX_LENGTH = 28;
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.:+][A-Za-z0-9_.:+-]*");
  private static final Set<String> RESERVED = Set.of("ACCEPT", "DROP", "RETURN", "QUEUE", "NFQUEUE");

  public ChainName {
    InvalidRuleException.notNull(value, "chain");
    InvalidRuleException.require(!value.isEmpty(), "chain", "must not be empty");
    InvalidRuleException.require(value.length() <= MAX_LENGTH, "chain",
        "'" + printable(value) + "' is longer than " + MAX_LENGTH + " characters");
    InvalidRuleException.require(ALLOWED.matcher(value).matches(), "chain",
        "'" + printable(value) + "' may only contain letters, digits and _ . : + - (not first)");
    InvalidRuleException.require(!RESERVED.contains(value), "chain",
        "'" + value + "' is a verdict, not a chain name");
  }

  public static ChainName of(String value) {
    return new ChainName(value);
  }

  @Override
  public int compareTo(ChainName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }

  /** The value with control characters shown as {@code \\uXXXX}, for error messages. */
  static String printable(String value) {
    StringBuilder out = new StringBuilder();
    value.codePoints().limit(80).forEach(c -> {
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }
}
