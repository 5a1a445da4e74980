package dev.svcnet.netfilter;

/** A port or an inclusive range of ports, printed {@code 80} or {@code 8000:8080}. */
public record PortRange(int first, int last) {

  public PortRange {
    // Plain checks, not require(..., () -> message): a capturing lambda would be allocated for
    // every port of a 100,000-rule parse.
    if (first < 0 || first > 65535) {
      throw new InvalidRuleException("port", "must be 0..65535, got " + first);
    }
    if (last < 0 || last > 65535) {
      throw new InvalidRuleException("port", "must be 0..65535, got " + last);
    }
    if (first > last) {
      throw new InvalidRuleException("port", "range " + first + ":" + last + " is reversed");
    }
  }

  public static PortRange of(int port) {
    return new PortRange(port, port);
  }

  /** {@code 80}, {@code 80:90}, {@code :90} (from 0) or {@code 80:} (to 65535); numbers only. */
  public static PortRange parse(String text) {
    return parse(text, null);
  }

  /**
   * As {@link #parse(String)}, where each end may also be a service name looked up for {@code
   * protocol} as iptables does ({@code getservbyname} over /etc/services): {@code ssh},
   * {@code http:https}. A null protocol allows numbers only.
   */
  public static PortRange parse(String text, Protocol protocol) {
    InvalidRuleException.notNull(text, "port");
    int colon = text.indexOf(':');
    if (colon < 0) {
      int port = number(text, protocol);
      return new PortRange(port, port);
    }
    String low = text.substring(0, colon);
    String high = text.substring(colon + 1);
    return new PortRange(low.isEmpty() ? 0 : number(low, protocol), high.isEmpty() ? 65535 : number(high, protocol));
  }

  public boolean isAll() {
    return first == 0 && last == 65535;
  }

  @Override
  public String toString() {
    return first == last ? Integer.toString(first) : first + ":" + last;
  }

  private static int number(String text, Protocol protocol) {
    if (dev.svcnet.netfilter.internal.Digits.only(text, 5)) {
      return Integer.parseInt(text);
    }
    if (protocol != null && !text.isEmpty()) {
      java.util.OptionalInt port = dev.svcnet.netfilter.internal.ServiceNames.port(text, protocol.toString());
      if (port.isPresent()) {
        return port.getAsInt();
      }
      throw new InvalidRuleException("port", "'" + text + "' is neither a port number nor a " + protocol
          + " service in /etc/services");
    }
    throw new InvalidRuleException("port", "'" + text + "' is not a port number");
  }
}
