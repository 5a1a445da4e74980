package dev.svcnet.netfilter;

/**
 * {@code -m physdev}: bridge port conditions. Each field is optional (null); a flag's value is
 * whether it is negated.
 */
public record PhysdevMatch(Boolean isInNegated, Negatable<String> physdevIn, Boolean isOutNegated,
    Negatable<String> physdevOut, Boolean isBridgedNegated) implements Match {

  public PhysdevMatch {
    if (physdevIn != null) {
      Text.name(physdevIn.value(), "physdev-in", 15);
    }
    if (physdevOut != null) {
      Text.name(physdevOut.value(), "physdev-out", 15);
    }
    InvalidRuleException.require(isInNegated != null || physdevIn != null || isOutNegated != null
        || physdevOut != null || isBridgedNegated != null, "physdev", "needs at least one option");
  }

  @Override
  public String module() {
    return "physdev";
  }
}
