package dev.svcnet.lb;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IP address and a port, as IPVS identifies a virtual service, a real server (destination) or a
 * client. Only numeric addresses are accepted; nothing is ever resolved by name.
 *
 * @param address an IPv4 or IPv6 address
 * @param port 0 to 65535
 */
public record Endpoint(InetAddress address, int port) {

  public Endpoint {
    InvalidValueException.notNull(address, "address");
    InvalidValueException.require(port >= 0 && port <= 65535, "port",
        "must be between 0 and 65535, was " + port);
  }

  /** The endpoint {@code address:port}, with the IPv6 address in brackets. */
  public static Endpoint of(String address, int port) {
    return new Endpoint(parseAddress(address), port);
  }

  /**
   * Parses {@code 10.0.0.1:80} or {@code [fd00::1]:80}.
   *
   * @throws InvalidValueException naming {@code address} or {@code port}
   */
  public static Endpoint parse(String text) {
    InvalidValueException.notNull(text, "endpoint");
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new InvalidValueException("endpoint", "expected IP:PORT, was '" + text + "'");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
      if (host.indexOf(':') < 0) {
        throw new InvalidValueException("address", "brackets are only for IPv6, was '" + text + "'");
      }
    } else if (host.indexOf(':') >= 0) {
      throw new InvalidValueException("address", "IPv6 needs brackets: [ADDR]:PORT, was '" + text + "'");
    }
    String portText = text.substring(colon + 1);
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new InvalidValueException("port", "not a number: '" + portText + "'");
    }
    return new Endpoint(parseAddress(host), port);
  }

  /**
   * Parses a numeric IPv4 (dotted quad) or IPv6 address.
   *
   * @throws InvalidValueException naming {@code address}
   */
  public static InetAddress parseAddress(String text) {
    InvalidValueException.notNull(text, "address");
    boolean v4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = !v4 && text.indexOf(':') >= 0 && text.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) {
      throw new InvalidValueException("address", "not a numeric IP address: '" + text + "'");
    }
    if (v4) {
      for (String part : text.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          throw new InvalidValueException("address", "octet out of range in '" + text + "'");
        }
      }
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new InvalidValueException("address", "not a numeric IP address: '" + text + "'");
    }
  }

  /** The address family of {@link #address()}. */
  public AddressFamily family() {
    return address instanceof Inet6Address ? AddressFamily.INET6 : AddressFamily.INET;
  }

  @Override
  public String toString() {
    String host = address.getHostAddress();
    return family() == AddressFamily.INET6 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
