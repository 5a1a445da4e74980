package dev.svcnet.proxy.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a layout writer rendered, chain by chain instead of as one payload: the chains it
 * declared and, per table and chain, the arguments of its rules in order (what follows {@code -A
 * CHAIN}). The incremental sync keeps one of these per service port, so that a change re-renders
 * only the changed services and the rules of a top-level chain (KUBE-SERVICES, ...) are the
 * service ports' parts of it put together in order.
 */
public final class RulesByChain implements RuleSink {

  private final Set<String> filterChains = new LinkedHashSet<>();
  private final Set<String> natChains = new LinkedHashSet<>();
  private final Map<String, List<String>> filterRules = new LinkedHashMap<>();
  private final Map<String, List<String>> natRules = new LinkedHashMap<>();

  @Override
  public void filterChain(String chain) {
    filterChains.add(chain);
  }

  @Override
  public void natChain(String chain) {
    natChains.add(chain);
  }

  @Override
  public void filter(String... words) {
    add(filterRules, words);
  }

  @Override
  public void nat(String... words) {
    add(natRules, words);
  }

  private static void add(Map<String, List<String>> rules, String... words) {
    StringBuilder line = new StringBuilder(128);
    RuleSink.join(line, words);
    if (line.length() < 4 || !line.substring(0, 3).equals("-A ")) {
      throw new IllegalArgumentException("not an -A rule line: " + line);
    }
    int space = line.indexOf(" ", 3);
    if (space < 0) {
      throw new IllegalArgumentException("rule line without arguments: " + line);
    }
    rules.computeIfAbsent(line.substring(3, space), c -> new ArrayList<>())
        .add(line.substring(space + 1));
  }

  /** The chains declared in the filter table ({@code :NAME - [0:0]}), in order. */
  public Set<String> filterChains() {
    return filterChains;
  }

  /** The chains declared in the nat table, in order. */
  public Set<String> natChains() {
    return natChains;
  }

  /** The rule arguments per filter chain, chains in the order of their first rule. */
  public Map<String, List<String>> filterRules() {
    return filterRules;
  }

  /** The rule arguments per nat chain, chains in the order of their first rule. */
  public Map<String, List<String>> natRules() {
    return natRules;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RulesByChain other && filterChains.equals(other.filterChains)
        && natChains.equals(other.natChains) && filterRules.equals(other.filterRules)
        && natRules.equals(other.natRules);
  }

  @Override
  public int hashCode() {
    return Objects.hash(filterChains, natChains, filterRules, natRules);
  }
}
