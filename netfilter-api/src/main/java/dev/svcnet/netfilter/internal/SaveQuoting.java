package dev.svcnet.netfilter.internal;

/**
 * How iptables-save writes a free-text value ({@code xtables_save_string}): as is when it is made
 * only of letters, digits, {@code _} and {@code -} (and is not empty); otherwise in double quotes
 * with {@code \}, {@code "} and {@code '} escaped by a backslash. iptables-restore reads both back.
 */
public final class SaveQuoting {
  private SaveQuoting() {}

  public static String quote(String value) {
    boolean plain = !value.isEmpty();
    for (int i = 0; i < value.length() && plain; i++) {
      char c = value.charAt(i);
      plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-';
    }
    if (plain) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || c == '"' || c == '\'') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append('"').toString();
  }
}
