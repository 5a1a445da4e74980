package dev.svcnet.ipvs.text;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The C library parsers ipvsadm relies on, for numeric input only: {@code inet_aton},
 * {@code inet_pton(AF_INET6)}, {@code strtol} over a whole token and {@code atoi}. Host and
 * service names (gethostbyname, getservbyname) are deliberately not resolved.
 */
final class CParse {
  private CParse() {}

  /**
   * glibc {@code inet_aton}: one to four parts a, a.b, a.b.c, a.b.c.d, each decimal, octal
   * (leading 0) or hex (0x); the last part fills the remaining bytes.
   */
  static byte[] inetAton(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length > 4) {
      return null;
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      OptionalLong value = cNumber(parts[i]);
      if (value.isEmpty()) {
        return null;
      }
      values[i] = value.getAsLong();
    }
    long last = values[values.length - 1];
    int leading = values.length - 1;
    for (int i = 0; i < leading; i++) {
      if (values[i] > 0xFF) {
        return null;
      }
    }
    long lastMax = 0xFFFFFFFFL >>> (8 * leading);
    if (last > lastMax) {
      return null;
    }
    long address = last;
    for (int i = 0; i < leading; i++) {
      address |= values[i] << (24 - 8 * i);
    }
    return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8),
        (byte) address};
  }

  /** An unsigned number in C's base-0 notation: 0x.. hex, 0.. octal, else decimal. */
  private static OptionalLong cNumber(String part) {
    if (part.isEmpty()) {
      return OptionalLong.empty();
    }
    int radix = 10;
    String digits = part;
    if (part.startsWith("0x") || part.startsWith("0X")) {
      radix = 16;
      digits = part.substring(2);
      if (digits.isEmpty()) {
        return OptionalLong.empty(); // glibc refuses a bare "0x"
      }
    } else if (part.startsWith("0") && part.length() > 1) {
      radix = 8;
      digits = part.substring(1);
    }
    long value = 0;
    for (char c : digits.toCharArray()) {
      int digit = Character.digit(c, radix);
      if (digit < 0 || c > 0x7f) {
        return OptionalLong.empty();
      }
      value = value * radix + digit;
      if (value > 0xFFFFFFFFL) {
        return OptionalLong.empty();
      }
    }
    return OptionalLong.of(value);
  }

  /**
   * glibc {@code inet_pton(AF_INET6)}: eight hex words of up to four digits, at most one
   * {@code ::}, optionally a dotted quad (strict: four decimal parts without leading zeros) in
   * the last 32 bits. No zone index.
   */
  static byte[] inetPton6(String text) {
    byte[] out = new byte[16];
    int length = text.length();
    if (length == 0) {
      return null;
    }
    int position = 0;
    int written = 0;
    int gap = -1;
    if (text.startsWith("::")) {
      gap = 0;
      position = 2;
      if (length == 2) {
        return out;
      }
    } else if (text.charAt(0) == ':') {
      return null;
    }
    while (position < length) {
      int end = position;
      while (end < length && Character.digit(text.charAt(end), 16) >= 0
          && text.charAt(end) < 0x80) {
        end++;
      }
      if (end < length && text.charAt(end) == '.') {
        byte[] v4 = inetPton4(text.substring(position));
        if (v4 == null || written > 12) {
          return null;
        }
        System.arraycopy(v4, 0, out, written, 4);
        written += 4;
        position = length;
        break;
      }
      int digits = end - position;
      if (digits == 0 || digits > 4) {
        return null;
      }
      if (written > 14) {
        return null;
      }
      int word = Integer.parseInt(text.substring(position, end), 16);
      out[written++] = (byte) (word >>> 8);
      out[written++] = (byte) word;
      position = end;
      if (position == length) {
        break;
      }
      if (text.charAt(position) != ':') {
        return null;
      }
      position++;
      if (position < length && text.charAt(position) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = written;
        position++;
        if (position == length) {
          break;
        }
      } else if (position == length) {
        return null; // a single trailing colon
      }
    }
    if (gap >= 0) {
      if (written == 16) {
        return null;
      }
      int tail = written - gap;
      System.arraycopy(out, gap, out, 16 - tail, tail);
      java.util.Arrays.fill(out, gap, 16 - tail, (byte) 0);
    } else if (written != 16) {
      return null;
    }
    return out;
  }

  /** glibc {@code inet_pton(AF_INET)}: exactly four decimal parts 0..255, no leading zeros. */
  static byte[] inetPton4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
        return null;
      }
      int value = 0;
      for (char c : part.toCharArray()) {
        if (c < '0' || c > '9') {
          return null;
        }
        value = value * 10 + (c - '0');
      }
      if (value > 255) {
        return null;
      }
      out[i] = (byte) value;
    }
    return out;
  }

  /**
   * ipvsadm's string_to_number(): {@code strtol(s, &end, 10)} must consume the whole token
   * (an optional sign is allowed) and land in {@code min..max}.
   */
  static OptionalLong wholeNumber(String text, long min, long max) {
    String digits = text;
    boolean negative = false;
    if (digits.startsWith("+") || digits.startsWith("-")) {
      negative = digits.charAt(0) == '-';
      digits = digits.substring(1);
    }
    if (digits.isEmpty() || digits.length() > 19) {
      return OptionalLong.empty();
    }
    long value = 0;
    for (char c : digits.toCharArray()) {
      if (c < '0' || c > '9') {
        return OptionalLong.empty();
      }
      value = value * 10 + (c - '0');
      if (value > 0xFFFFFFFFFFL) {
        return OptionalLong.empty();
      }
    }
    value = negative ? -value : value;
    return value >= min && value <= max ? OptionalLong.of(value) : OptionalLong.empty();
  }

  /** {@code atoi}: an optional sign and the leading digits; 0 when there are none. */
  static OptionalInt atoi(String text) {
    int i = 0;
    boolean negative = false;
    if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      negative = text.charAt(i) == '-';
      i++;
    }
    long value = 0;
    while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9'
        && value < Integer.MAX_VALUE) {
      value = value * 10 + (text.charAt(i) - '0');
      i++;
    }
    return OptionalInt.of((int) (negative ? -value : Math.min(value, Integer.MAX_VALUE)));
  }
}
