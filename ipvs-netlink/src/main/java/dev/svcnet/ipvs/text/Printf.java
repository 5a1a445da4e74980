package dev.svcnet.ipvs.text;

/** The few C printf conversions ipvsadm uses, on Java strings and numbers. */
final class Printf {
  private Printf() {}

  /** {@code %-Ns}: left-justified, padded with spaces to {@code width}, never cut. */
  static String left(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }

  /** {@code %Ns}: right-justified. */
  static String right(String text, int width) {
    return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
  }

  /** {@code %u} of a 32-bit unsigned value held in a long. */
  static String u32(long value) {
    return Long.toString(value & 0xFFFFFFFFL);
  }

  /** {@code %u} of an int read as unsigned. */
  static String u32(int value) {
    return Integer.toUnsignedString(value);
  }

  /** {@code %llu} of a 64-bit unsigned value. */
  static String u64(long value) {
    return Long.toUnsignedString(value);
  }

  /** What C sees of a string after {@code buf[n] = '\0'}: at most {@code n} characters. */
  static String cut(String text, int n) {
    return text.length() > n ? text.substring(0, n) : text;
  }
}
