package dev.svcnet.netfilter;

/** Checks that a verbatim argument is exactly one token of iptables-restore's tokenizer. */
final class VerbatimToken {
  /** Rule-level options: a verbatim argument may not be one, or it would change the rule. */
  static final java.util.Set<String> RULE_OPTIONS = java.util.Set.of(
      "-A", "--append", "-I", "-D", "-R", "-N", "-X", "-F", "-P", "-Z", "-E", "-c",
      "-m", "--match", "-j", "--jump", "-g", "--goto", "-s", "--source", "--src",
      "-d", "--destination", "--dst", "-i", "--in-interface", "-o", "--out-interface",
      "-p", "--protocol", "-f", "--fragment");

  private VerbatimToken() {}

  static void check(String token, String field) {
    InvalidRuleException.notNull(token, field);
    InvalidRuleException.require(!token.isEmpty(), field, "empty verbatim argument");
    if (RULE_OPTIONS.contains(token)) {
      throw new InvalidRuleException(field, "'" + token + "' is a rule option, not an argument");
    }
    boolean quoted = false;
    boolean escaped = false;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw new InvalidRuleException(field, "control character in verbatim argument");
      }
      if (escaped) {
        escaped = false;
      } else if (quoted && c == '\\') {
        escaped = true;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == ' ' || c == '\t')) {
        throw new InvalidRuleException(field, "whitespace outside quotes in '" + token + "'");
      }
    }
    if (quoted || escaped) {
      throw new InvalidRuleException(field, "unbalanced quote in '" + token + "'");
    }
  }
}
