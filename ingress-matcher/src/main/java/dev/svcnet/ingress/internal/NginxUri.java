package dev.svcnet.ingress.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The URI nginx matches locations against: {@code %XX} decoded, adjacent slashes merged
 * ({@code merge_slashes on}) and {@code .}/{@code ..} segments resolved.
 */
public final class NginxUri {

  private NginxUri() {}

  /**
   * The normalized URI, or null where nginx answers 400 ({@link #badRequestReason} says why).
   */
  public static String normalize(String rawPath) {
    if (rawPath.indexOf('%') < 0 && !rawPath.contains("//") && !rawPath.contains("/.")) {
      return rawPath;
    }
    if (badEscape(rawPath) != null) {
      return null;
    }
    String decoded = percentDecode(rawPath);
    String[] parts = decoded.split("/", -1);
    java.util.ArrayDeque<String> stack = new java.util.ArrayDeque<>();
    boolean trailingSlash = false;
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i];
      boolean last = i == parts.length - 1;
      if (part.isEmpty()) {
        trailingSlash = last;
        continue;
      }
      if (part.equals(".")) {
        trailingSlash = last;
        continue;
      }
      if (part.equals("..")) {
        if (stack.isEmpty()) {
          return null;
        }
        stack.removeLast();
        trailingSlash = last;
        continue;
      }
      stack.addLast(part);
      trailingSlash = false;
    }
    StringBuilder out = new StringBuilder();
    for (String part : stack) {
      out.append('/').append(part);
    }
    if (out.length() == 0 || trailingSlash) {
      out.append('/');
    }
    return out.toString();
  }

  /** Why nginx answers 400 for this path, or null when it does not. */
  public static String badRequestReason(String rawPath) {
    String escape = badEscape(rawPath);
    if (escape != null) {
      return escape;
    }
    return normalize(rawPath) == null ? "'..' above the root" : null;
  }

  private static String badEscape(String s) {
    for (int i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
      if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
        return "'%' not followed by two hex digits";
      }
      if (s.charAt(i + 1) == '0' && s.charAt(i + 2) == '0') {
        return "%00 in the path";
      }
    }
    return null;
  }

  private static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0
          && hex(s.charAt(i + 2)) >= 0) {
        bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
