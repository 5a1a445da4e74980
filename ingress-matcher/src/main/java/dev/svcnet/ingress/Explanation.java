package dev.svcnet.ingress;

import java.util.List;
import java.util.Objects;

/** A routing decision with every candidate that was considered and why each lost. */
public record Explanation(HttpRequest request, RouteResult result, List<Candidate> candidates) {
  public Explanation {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(result, "result");
    candidates = List.copyOf(candidates);
  }
}
