package dev.svcnet.netfilter;

import java.util.List;

/** {@code -m set [!] --match-set NAME src|dst[,...]}: membership in an ipset. */
public record SetMatch(String setName, List<Direction> directions, boolean negated) implements Match {

  /** Which packet address fills each dimension of the set. */
  public enum Direction {
    SRC, DST;

    String text() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public SetMatch {
    Text.name(setName, "match-set", 31);
    InvalidRuleException.notNull(directions, "directions");
    directions = List.copyOf(directions);
    if (directions.isEmpty() || directions.size() > 6) {
      throw new InvalidRuleException("directions", "must have 1..6 entries, got " + directions.size());
    }
  }

  /** {@code src,dst}. */
  public String directionsText() {
    return String.join(",", directions.stream().map(Direction::text).toList());
  }

  @Override
  public String module() {
    return "set";
  }
}
