package dev.svcnet.netfilter;

import java.util.Set;

/**
 * The name of a chain. At most 28 characters (the legacy backend's limit, {@code
 * XT_EXTENSION_MAXNAMELEN} minus the terminating NUL), made of letters, digits and {@code _ - . :
 * +}, not starting with {@code -} or {@code !}, and not a verdict name. That keeps every name a
 * single token that cannot be read as an option in a restore payload.
 */
public record ChainName(String value) implements Comparable<ChainName> {
  public static final int MAX_LENGTH = 28;
  private static final Set<String> RESERVED = Set.of("ACCEPT", "DROP", "RETURN", "QUEUE", "NFQUEUE");

  public ChainName {
    InvalidRuleException.notNull(value, "chain");
    if (value.isEmpty()) {
      throw new InvalidRuleException("chain", "must not be empty");
    }
    if (value.length() > MAX_LENGTH) {
      throw new InvalidRuleException("chain",
          "'" + printable(value) + "' is longer than " + MAX_LENGTH + " characters");
    }
    if (!allowed(value)) {
      throw new InvalidRuleException("chain",
          "'" + printable(value) + "' may only contain letters, digits and _ . : + - (not first)");
    }
    if (RESERVED.contains(value)) {
      throw new InvalidRuleException("chain", "'" + value + "' is a verdict, not a chain name");
    }
  }

  private static boolean allowed(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '_' || c == '.' || c == ':' || c == '+' || (c == '-' && i > 0);
      if (!ok) {
        return false;
      }
    }
    return true;
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
