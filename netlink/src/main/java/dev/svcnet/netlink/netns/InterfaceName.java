package dev.svcnet.netlink.netns;

import java.util.Objects;

/** A Linux network interface name: 1 to 15 bytes, no '/', ':', whitespace, not "." or "..". */
public record InterfaceName(String value) {

  /** IFNAMSIZ is 16 including the terminating NUL. */
  public static final int MAX_LENGTH = 15;

  public InterfaceName {
    Objects.requireNonNull(value, "interface name");
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "interface name '" + value + "' must be 1 to " + MAX_LENGTH + " characters");
    }
    if (value.equals(".") || value.equals("..") || value.startsWith("-")) {
      throw new IllegalArgumentException("interface name '" + value + "' is not allowed");
    }
    for (char c : value.toCharArray()) {
      if (c <= ' ' || c >= 0x7f || c == '/' || c == ':') {
        throw new IllegalArgumentException(
            "interface name '" + value + "' contains a forbidden character");
      }
    }
  }

  public static InterfaceName of(String value) {
    return new InterfaceName(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
