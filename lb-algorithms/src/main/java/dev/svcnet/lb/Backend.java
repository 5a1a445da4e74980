package dev.svcnet.lb;

/**
 * A backend an in-process {@link Balancer} can pick.
 *
 * @param id a stable identity, hashed by the consistent-hash balancers (typically
 *     {@code ip:port}); two backends of one balancer must not share it
 * @param weight relative share; 0 = not picked
 */
public record Backend(String id, int weight) {

  public Backend {
    InvalidValueException.notNull(id, "id");
    InvalidValueException.require(!id.isBlank(), "id", "must not be blank");
    InvalidValueException.require(weight >= 0, "weight", "must not be negative, was " + weight);
  }

  /** A backend of weight 1. */
  public static Backend of(String id) {
    return new Backend(id, 1);
  }
}
