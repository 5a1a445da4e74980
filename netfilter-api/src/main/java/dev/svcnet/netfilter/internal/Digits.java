package dev.svcnet.netfilter.internal;

/** Digit checks without regular expressions (they run for every number of a 100,000-rule dump). */
public final class Digits {
  private Digits() {}

  /** Whether {@code text} is 1..maxLength ASCII digits. */
  public static boolean only(String text, int maxLength) {
    int n = text.length();
    if (n == 0 || n > maxLength) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
