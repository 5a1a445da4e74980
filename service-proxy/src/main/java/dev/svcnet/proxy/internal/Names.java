package dev.svcnet.proxy.internal;

import java.util.regex.Pattern;

/** The name formats the API server checks (apimachinery's validation package). */
public final class Names {

  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern IANA_SVC_NAME = Pattern.compile("[-a-z0-9]+");

  private Names() {}

  /** {@code null} if {@code name} is a DNS-1123 label, else the API server's complaint. */
  public static String dns1123Label(String name) {
    if (name.length() > 63) {
      return "must be no more than 63 characters";
    }
    if (!DNS1123_LABEL.matcher(name).matches()) {
      return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or"
          + " '-', and must start and end with an alphanumeric character";
    }
    return null;
  }

  /** {@code null} if {@code name} is a DNS-1035 label (Service names), else the complaint. */
  public static String dns1035Label(String name) {
    if (name.length() > 63) {
      return "must be no more than 63 characters";
    }
    if (!DNS1035_LABEL.matcher(name).matches()) {
      return "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start"
          + " with an alphabetic character, and end with an alphanumeric character";
    }
    return null;
  }

  /** {@code null} if {@code name} is a DNS-1123 subdomain, else the complaint. */
  public static String dns1123Subdomain(String name) {
    if (name.length() > 253) {
      return "must be no more than 253 characters";
    }
    for (String label : name.split("\\.", -1)) {
      if (!DNS1123_LABEL.matcher(label).matches()) {
        return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric"
            + " characters, '-' or '.', and must start and end with an alphanumeric character";
      }
    }
    return null;
  }

  /** {@code null} if {@code name} is an IANA service name (a named port), else the complaint. */
  public static String ianaServiceName(String name) {
    if (name.isEmpty() || name.length() > 15) {
      return "must be no more than 15 characters";
    }
    if (!IANA_SVC_NAME.matcher(name).matches()) {
      return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
    }
    if (name.contains("--")) {
      return "must not contain consecutive hyphens";
    }
    if (!name.chars().anyMatch(Character::isLetter)) {
      return "must contain at least one letter (a-z)";
    }
    if (name.startsWith("-") || name.endsWith("-")) {
      return "must not begin or end with a hyphen";
    }
    return null;
  }
}
