package dev.svcnet.ingress.internal;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;

/** Kubernetes apimachinery name checks, with their messages verbatim. */
public final class DnsNames {

  private DnsNames() {}

  private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String SUBDOMAIN = LABEL + "(\\." + LABEL + ")*";
  private static final String WILDCARD = "\\*\\." + SUBDOMAIN;
  private static final String LABEL_1035 = "[a-z]([-a-z0-9]*[a-z0-9])?";

  private static final Pattern SUBDOMAIN_RE = Pattern.compile("^" + SUBDOMAIN + "$");
  private static final Pattern WILDCARD_RE = Pattern.compile("^" + WILDCARD + "$");
  private static final Pattern LABEL_1035_RE = Pattern.compile("^" + LABEL_1035 + "$");
  private static final Pattern PORT_NAME_CHARSET = Pattern.compile("^[-a-z0-9]+$");
  private static final Pattern HAS_LETTER = Pattern.compile("[a-z]");
  private static final Pattern IPV4 =
      Pattern.compile("^(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}$");
  private static final Pattern IPV6_CHARS = Pattern.compile("^[0-9a-fA-F:.]+$");

  public static final String SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of"
      + " lower case alphanumeric characters, '-' or '.', and must start and end with an"
      + " alphanumeric character (e.g. 'example.com', regex used for validation is '"
      + SUBDOMAIN + "')";
  public static final String WILDCARD_MESSAGE = "a wildcard DNS-1123 subdomain must start with"
      + " '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric"
      + " characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com',"
      + " regex used for validation is '" + WILDCARD + "')";
  public static final String LABEL_1035_MESSAGE = "a DNS-1035 label must consist of lower case"
      + " alphanumeric characters or '-', start with an alphabetic character, and end with an"
      + " alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '"
      + LABEL_1035 + "')";
  public static final String NOT_IP = "must be a DNS name, not an IP address";

  /** IsDNS1123Subdomain. */
  public static List<String> subdomainErrors(String value) {
    List<String> errors = new ArrayList<>();
    if (value.length() > 253) {
      errors.add("must be no more than 253 characters");
    }
    if (!SUBDOMAIN_RE.matches(value)) {
      errors.add(SUBDOMAIN_MESSAGE);
    }
    return errors;
  }

  /** IsWildcardDNS1123Subdomain. */
  public static List<String> wildcardErrors(String value) {
    List<String> errors = new ArrayList<>();
    if (value.length() > 253) {
      errors.add("must be no more than 253 characters");
    }
    if (!WILDCARD_RE.matches(value)) {
      errors.add(WILDCARD_MESSAGE);
    }
    return errors;
  }

  /** ValidateServiceName: a DNS-1035 label. */
  public static List<String> serviceNameErrors(String value) {
    List<String> errors = new ArrayList<>();
    if (value.length() > 63) {
      errors.add("must be no more than 63 characters");
    }
    if (!LABEL_1035_RE.matches(value)) {
      errors.add(LABEL_1035_MESSAGE);
    }
    return errors;
  }

  /** IsValidPortName. */
  public static List<String> portNameErrors(String port) {
    List<String> errors = new ArrayList<>();
    if (port.length() > 15) {
      errors.add("must be no more than 15 characters");
    }
    if (!PORT_NAME_CHARSET.matches(port)) {
      errors.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if (!HAS_LETTER.matcher(port).find()) {
      errors.add("must contain at least one letter (a-z)");
    }
    if (port.contains("--")) {
      errors.add("must not contain consecutive hyphens");
    }
    if (!port.isEmpty() && (port.startsWith("-") || port.endsWith("-"))) {
      errors.add("must not begin or end with a hyphen");
    }
    return errors;
  }

  /** True for an IPv4 dotted quad or an IPv6 literal. */
  public static boolean isIp(String value) {
    return IPV4.matches(value) || (value.indexOf(':') >= 0 && IPV6_CHARS.matches(value));
  }
}
