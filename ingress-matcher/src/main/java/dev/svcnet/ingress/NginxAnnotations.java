package dev.svcnet.ingress;

import java.util.Map;

/**
 * The ingress-nginx annotations that change routing.
 *
 * @param useRegex {@code nginx.ingress.kubernetes.io/use-regex: "true"}
 * @param rewriteTarget {@code nginx.ingress.kubernetes.io/rewrite-target}, or null
 */
public record NginxAnnotations(boolean useRegex, String rewriteTarget) {

  public static final String USE_REGEX = "nginx.ingress.kubernetes.io/use-regex";
  public static final String REWRITE_TARGET = "nginx.ingress.kubernetes.io/rewrite-target";

  /** No routing annotations. */
  public static final NginxAnnotations NONE = new NginxAnnotations(false, null);

  public NginxAnnotations {
    if (rewriteTarget != null && rewriteTarget.isEmpty()) {
      rewriteTarget = null;
    }
  }

  /** Reads the annotations from an Ingress's metadata.annotations (null means none). */
  public static NginxAnnotations from(Map<String, String> annotations) {
    if (annotations == null) {
      return NONE;
    }
    return new NginxAnnotations("true".equals(annotations.get(USE_REGEX)),
        annotations.get(REWRITE_TARGET));
  }

  /** ingress-nginx's needsRewrite: a target is set and differs from the location's path. */
  public boolean rewrites(String path) {
    return rewriteTarget != null && !rewriteTarget.equals(path);
  }
}
