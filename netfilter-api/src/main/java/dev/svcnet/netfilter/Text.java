package dev.svcnet.netfilter;

import java.nio.charset.StandardCharsets;

/** Validation of the free-text and name fields that end up in a restore payload. */
final class Text {

  private Text() {}

  /** Free text (a comment, a log prefix): no control characters but tab, at most maxBytes UTF-8. */
  static String freeText(String value, String field, int maxBytes) {
    InvalidRuleException.notNull(value, field);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw new InvalidRuleException(field, "control character \\u" + String.format("%04x", (int) c)
            + " at index " + i + " cannot be written to iptables-restore");
      }
      if (Character.isHighSurrogate(c) && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new InvalidRuleException(field, "unpaired surrogate at index " + i);
      }
    }
    if (value.length() * 3 > maxBytes) {
      int bytes = value.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > maxBytes) {
        throw new InvalidRuleException(field, "is " + bytes + " bytes in UTF-8, the limit is " + maxBytes);
      }
    }
    return value;
  }

  /** A name: letters, digits and {@code _ . : @ + -} (not first), 1..maxLength characters. */
  static String name(String value, String field, int maxLength) {
    InvalidRuleException.notNull(value, field);
    if (value.isEmpty() || value.length() > maxLength) {
      throw new InvalidRuleException(field, "must be 1.." + maxLength + " characters, got " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '_' || c == '.' || c == ':' || c == '@' || c == '+' || (c == '-' && i > 0);
      if (!ok) {
        throw new InvalidRuleException(field,
            "'" + ChainName.printable(value) + "' may only contain letters, digits and _ . : @ + - (not first)");
      }
    }
    return value;
  }

  static long u32(long value, String field) {
    if (value < 0 || value > 0xffffffffL) {
      throw new InvalidRuleException(field, "must be a 32-bit unsigned value, got " + value);
    }
    return value;
  }
}
