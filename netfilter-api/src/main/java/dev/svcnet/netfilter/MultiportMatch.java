package dev.svcnet.netfilter;

import java.util.List;

/** {@code -m multiport [!] --sports|--dports|--ports P,P:P,...}: up to 15 ports, a range counts 2. */
public record MultiportMatch(Direction direction, List<PortRange> ports, boolean negated)
    implements Match {

  /** Which port the list applies to. */
  public enum Direction {
    SOURCE("--sports"),
    DESTINATION("--dports"),
    EITHER("--ports");

    private final String option;

    Direction(String option) {
      this.option = option;
    }

    public String option() {
      return option;
    }
  }

  public MultiportMatch {
    InvalidRuleException.notNull(direction, "direction");
    InvalidRuleException.notNull(ports, "ports");
    ports = List.copyOf(ports);
    InvalidRuleException.require(!ports.isEmpty(), "ports", "must not be empty");
    int slots = ports.stream().mapToInt(p -> p.first() == p.last() ? 1 : 2).sum();
    if (slots > 15) {
      throw new InvalidRuleException("ports", "multiport takes at most 15 ports (a range counts 2), got " + slots);
    }
  }

  @Override
  public String module() {
    return "multiport";
  }
}
