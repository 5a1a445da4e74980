package dev.svcnet.ingress.internal;

import java.util.List;
import java.util.Objects;

/**
 * One nginx {@code server} block: an exact host, a one-label wildcard {@code *.suffix}, or the
 * catch-all {@code _}.
 *
 * @param locations in configuration order (ingress-nginx's order: longest path first, then
 *     reverse lexicographic), duplicates of non-regex locations already removed
 * @param regex whether ingress-nginx turned every location into a {@code ~*} regex
 * @param dropped why Ingress paths that produced no location were dropped
 */
public record NginxServer(
    String name, boolean regex, List<NginxLocation> locations, List<String> dropped) {

  /** The catch-all server's name. */
  public static final String CATCH_ALL = "_";

  public NginxServer {
    Objects.requireNonNull(name, "name");
    locations = List.copyOf(locations);
    dropped = List.copyOf(dropped);
  }
}
