package dev.svcnet.ipvs.text;

/**
 * A rule file ({@code ipvsadm -S} / {@code ipvsadm-restore} format) was refused: a line does not
 * parse, or (when the rules are checked against each other) it cannot apply, e.g. a destination
 * for a service the file never adds. Names the 1-based line and the offending token.
 */
public final class IpvsadmRuleException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final String token;
  private final String reason;

  public IpvsadmRuleException(int line, String token, String reason) {
    super("line " + line + ": " + reason + (token.isEmpty() ? "" : " (at '" + token + "')"));
    this.line = line;
    this.token = token;
    this.reason = reason;
  }

  /** The 1-based line number. */
  public int line() {
    return line;
  }

  /** The token the problem was found at (empty when the whole line is at fault). */
  public String token() {
    return token;
  }

  /** What is wrong, without the position. */
  public String reason() {
    return reason;
  }
}
