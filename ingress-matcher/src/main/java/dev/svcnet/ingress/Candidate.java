package dev.svcnet.ingress;

import java.util.Objects;

/**
 * One rule (or nginx location) considered for a request, and what became of it.
 *
 * @param description the rule, e.g. {@code default/web spec.rules[0].http.paths[0] (host a.com,
 *     Prefix /api)} or an nginx location
 * @param selected true for the winner
 * @param reason why it won or lost, e.g. {@code path does not match}
 */
public record Candidate(String description, boolean selected, String reason) {
  public Candidate {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return (selected ? "* " : "  ") + description + ": " + reason;
  }
}
