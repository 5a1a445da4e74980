package dev.svcnet.proxy.internal;

import dev.svcnet.proxy.ChainName;

/**
 * Where a layout writer puts what it renders: chain lines and rule lines of the filter and nat
 * tables. A {@link RestorePayload} makes the whole payload of them; a {@link ServicePortRules}
 * keeps one service port's rules chain by chain for the incremental sync.
 */
public interface RuleSink {

  /** {@code :NAME - [0:0]} in the filter table. */
  void filterChain(String chain);

  /** {@code :NAME - [0:0]} in the nat table. */
  void natChain(String chain);

  default void natChain(ChainName chain) {
    natChain(chain.value());
  }

  /** A filter-table line made of {@code words} joined by single spaces (null or empty skipped). */
  void filter(String... words);

  /** A nat-table line made of {@code words} joined by single spaces (null or empty skipped). */
  void nat(String... words);

  /** Appends {@code words} joined by single spaces, null and empty words skipped. */
  static void join(StringBuilder out, String... words) {
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
  }
}
