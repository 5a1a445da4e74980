package dev.svcnet.netfilter;

import java.util.EnumSet;
import java.util.Set;

/**
 * {@code -m conntrack [!] --ctstate S,S}. The states are printed in the fixed order of {@link
 * State}, whatever order they were given in.
 */
public record ConntrackMatch(Set<State> states, boolean negated) implements Match {

  /** Connection tracking states, in the order iptables-save prints them. */
  public enum State {
    INVALID, NEW, RELATED, ESTABLISHED, UNTRACKED, SNAT, DNAT
  }

  public ConntrackMatch {
    InvalidRuleException.notNull(states, "ctstate");
    InvalidRuleException.require(!states.isEmpty(), "ctstate", "must name at least one state");
    states = Set.copyOf(EnumSet.copyOf(states));
  }

  public static ConntrackMatch of(State... states) {
    return new ConntrackMatch(Set.of(states), false);
  }

  @Override
  public String module() {
    return "conntrack";
  }
}
