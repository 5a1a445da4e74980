package dev.svcnet.lb;

/**
 * A real server as it is added to or edited in a virtual service (ipvsadm {@code -a}/{@code -e}).
 *
 * @param endpoint the real server's address and port
 * @param weight 0 (quiescent: no new connections) or more
 * @param upperThreshold connections (active + inactive) at which the destination is marked
 *     overloaded; 0 = no limit
 * @param lowerThreshold connections below which an overloaded destination is available again;
 *     0 = three quarters of the upper threshold; must not exceed the upper threshold (the kernel
 *     answers {@code ERANGE})
 */
public record DestinationConfig(Endpoint endpoint, int weight, int upperThreshold,
    int lowerThreshold) {

  public DestinationConfig {
    InvalidValueException.notNull(endpoint, "endpoint");
    InvalidValueException.require(weight >= 0, "weight",
        "must be between 0 and 2147483647, was " + weight);
    InvalidValueException.require(upperThreshold >= 0, "upperThreshold",
        "must not be negative, was " + upperThreshold);
    InvalidValueException.require(lowerThreshold >= 0, "lowerThreshold",
        "must not be negative, was " + lowerThreshold);
    InvalidValueException.require(lowerThreshold <= upperThreshold, "lowerThreshold",
        "must not exceed the upper threshold " + upperThreshold + ", was " + lowerThreshold);
  }

  /** A destination with this weight and no thresholds. */
  public static DestinationConfig of(Endpoint endpoint, int weight) {
    return new DestinationConfig(endpoint, weight, 0, 0);
  }

  /** Parses {@code IP:PORT} or {@code IP:PORT@WEIGHT} (weight 1 if absent). */
  public static DestinationConfig parse(String text) {
    InvalidValueException.notNull(text, "destination");
    int at = text.lastIndexOf('@');
    if (at < 0) {
      return of(Endpoint.parse(text), 1);
    }
    String weightText = text.substring(at + 1);
    int weight;
    try {
      weight = Integer.parseInt(weightText);
    } catch (NumberFormatException e) {
      throw new InvalidValueException("weight", "not a number: '" + weightText + "'");
    }
    return of(Endpoint.parse(text.substring(0, at)), weight);
  }
}
