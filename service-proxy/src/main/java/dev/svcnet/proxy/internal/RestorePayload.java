package dev.svcnet.proxy.internal;

import dev.svcnet.proxy.ChainName;

/**
 * The four buffers kube-proxy fills during a sync (filter chains, filter rules, nat chains, nat
 * rules) and the iptables-restore text they make: {@code *filter}, its chain lines, its rules,
 * {@code COMMIT}, then the same for {@code *nat}.
 */
public final class RestorePayload {

  private final StringBuilder filterChains = new StringBuilder();
  private final StringBuilder filterRules = new StringBuilder();
  private final StringBuilder natChains = new StringBuilder();
  private final StringBuilder natRules = new StringBuilder();

  /** {@code :NAME - [0:0]} in the filter table. */
  public void filterChain(String chain) {
    filterChains.append(':').append(chain).append(" - [0:0]\n");
  }

  /** {@code :NAME - [0:0]} in the nat table. */
  public void natChain(String chain) {
    natChains.append(':').append(chain).append(" - [0:0]\n");
  }

  public void natChain(ChainName chain) {
    natChain(chain.value());
  }

  /** A filter-table line made of {@code words} joined by single spaces. */
  public void filter(String... words) {
    line(filterRules, words);
  }

  /** A nat-table line made of {@code words} joined by single spaces. */
  public void nat(String... words) {
    line(natRules, words);
  }

  private static void line(StringBuilder out, String... words) {
    boolean first = true;
    for (String word : words) {
      if (word == null || word.isEmpty()) {
        continue;
      }
      if (!first) {
        out.append(' ');
      }
      out.append(word);
      first = false;
    }
    out.append('\n');
  }

  /**
   * The payload. The nat rules are most of it (tens of megabytes for 10,000 services), so the
   * text is assembled inside their buffer rather than copied into a new one: the head (filter
   * table, nat chain lines) is inserted in front and taken out again afterwards, which keeps the
   * peak memory to that buffer plus the returned string.
   */
  public String text() {
    StringBuilder head = new StringBuilder(filterChains.length() + filterRules.length()
        + natChains.length() + 32);
    head.append("*filter\n").append(filterChains).append(filterRules).append("COMMIT\n")
        .append("*nat\n").append(natChains);
    int rulesLength = natRules.length();
    natRules.insert(0, head).append("COMMIT\n");
    String text = natRules.toString();
    natRules.setLength(head.length() + rulesLength);
    natRules.delete(0, head.length());
    return text;
  }

  /** {@code "text"}: a comment argument as kube-proxy quotes it. */
  public static String quoted(String text) {
    return '"' + text + '"';
  }
}
