package dev.svcnet.ingress.internal;

import dev.svcnet.ingress.PathRule;
import dev.svcnet.ingress.PathType;
import dev.svcnet.ingress.IngressRef;
import java.util.Comparator;

/** Ingress v1 path semantics in spec mode, literally. */
public final class SpecPaths {

  private SpecPaths() {}

  /**
   * Best first: the longest path (as written), then Exact over Prefix over
   * ImplementationSpecific, then the older Ingress ({@link IngressRef#OLDEST_FIRST}), then
   * declaration order.
   */
  public static final Comparator<PathRule> PRECEDENCE =
      Comparator.<PathRule>comparingInt(r -> -r.effectivePath().length())
          .thenComparingInt(r -> -typeRank(r.pathType()))
          .thenComparing(PathRule::ingress, IngressRef.OLDEST_FIRST)
          .thenComparingInt(PathRule::ruleIndex)
          .thenComparingInt(PathRule::pathIndex);

  /** Exact 2, Prefix 1, ImplementationSpecific 0. */
  public static int typeRank(PathType type) {
    return switch (type) {
      case EXACT -> 2;
      case PREFIX -> 1;
      case IMPLEMENTATION_SPECIFIC -> 0;
    };
  }

  /**
   * The key a Prefix (or spec-mode ImplementationSpecific) path is stored under: the path
   * without one trailing {@code /}; {@code ""} for {@code /}.
   */
  public static String prefixKey(String effectivePath) {
    return effectivePath.endsWith("/")
        ? effectivePath.substring(0, effectivePath.length() - 1) : effectivePath;
  }

  /** Whether {@code rule}'s path matches {@code requestPath}, read from the spec. */
  public static boolean matches(PathRule rule, String requestPath) {
    String p = rule.effectivePath();
    if (rule.pathType() == PathType.EXACT) {
      return requestPath.equals(p);
    }
    if (p.equals("/")) {
      return true;
    }
    String key = prefixKey(p);
    return requestPath.equals(key) || requestPath.startsWith(key + "/");
  }
}
