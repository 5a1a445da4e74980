package dev.svcnet.ingress.internal;

import java.util.Locale;

/** Request-host normalization and Ingress host classification. */
public final class HostNames {

  private HostNames() {}

  /**
   * What nginx compares against server names (and what svcnet compares against Ingress hosts):
   * the Host header without its port ({@code [v6]:port} aware), without one trailing dot, in
   * ASCII lower case.
   */
  public static String normalizeRequestHost(String host) {
    String h = host;
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      if (close > 0) {
        h = h.substring(0, close + 1);
      }
    } else {
      int colon = h.indexOf(':');
      if (colon >= 0) {
        h = h.substring(0, colon);
      }
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return h.toLowerCase(Locale.ROOT);
  }

  /** True for an Ingress host of the form {@code *.suffix}. */
  public static boolean isWildcard(String ingressHost) {
    return ingressHost.startsWith("*.");
  }

  /** {@code foo.com} for {@code *.foo.com}. */
  public static String wildcardSuffix(String wildcardHost) {
    return wildcardHost.substring(2);
  }

  /**
   * The part of a normalized request host that an Ingress wildcard must equal: everything after
   * a non-empty first label, or null when the host has no such label.
   */
  public static String suffixAfterFirstLabel(String normalizedHost) {
    int dot = normalizedHost.indexOf('.');
    return dot > 0 ? normalizedHost.substring(dot + 1) : null;
  }

  /** nginx's wildcard server name {@code ^(?<subdomain>[\w-]+)\.suffix$}: the label test. */
  public static boolean isNginxWildcardLabel(String normalizedHost) {
    int dot = normalizedHost.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    for (int i = 0; i < dot; i++) {
      char c = normalizedHost.charAt(i);
      boolean word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-';
      if (!word) {
        return false;
      }
    }
    return true;
  }
}
