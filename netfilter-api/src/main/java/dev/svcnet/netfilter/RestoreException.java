package dev.svcnet.netfilter;

import java.util.Optional;

/**
 * iptables-restore rejected a payload. The kernel keeps the previous rules of the table that failed
 * (and of every later table). {@link #line()} is the payload line it reported, and {@link
 * #rule()} the model rule written on that line, if it was a rule.
 */
public final class RestoreException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int line;
  private final String payloadLine;
  private final transient RuleLocation rule;
  private final String stderr;

  public RestoreException(String message, int line, String payloadLine, RuleLocation rule, String stderr) {
    super(message);
    this.line = line;
    this.payloadLine = payloadLine;
    this.rule = rule;
    this.stderr = stderr;
  }

  /** The 1-based payload line iptables-restore reported, or 0 if it named none. */
  public int line() {
    return line;
  }

  /** The text of that line, or empty. */
  public String payloadLine() {
    return payloadLine;
  }

  /** The model rule on that line, if the line was a rule. */
  public Optional<RuleLocation> rule() {
    return Optional.ofNullable(rule);
  }

  /** What iptables-restore printed on stderr. */
  public String stderr() {
    return stderr;
  }
}
