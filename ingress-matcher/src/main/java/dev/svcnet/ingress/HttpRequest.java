package dev.svcnet.ingress;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import com.google.re2j.Pattern;

/**
 * An HTTP request as far as routing sees it.
 *
 * @param method the method in upper case ({@code GET} by default)
 * @param host the Host header as sent (port, case and a trailing dot are normalized by the
 *     matchers, not here); empty when the request has no Host
 * @param path the path as sent, starting with {@code /}, without query or fragment
 * @param query the query string without {@code ?}, empty when none
 * @param headers request headers by lower-cased name (the first value of a repeated header);
 *     Ingress never matches on them, Gateway API HTTPRoutes may
 */
public record HttpRequest(
    String method, String host, String path, String query, Map<String, String> headers) {

  private static final Pattern METHOD = Pattern.compile("^[A-Z]+$");

  public HttpRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(query, "query");
    Map<String, String> lower = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : headers.entrySet()) {
      lower.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
    }
    headers = Collections.unmodifiableMap(lower);
    if (!METHOD.matcher(method).matches()) {
      throw new IllegalArgumentException("method must be upper-case letters, got '" + method + "'");
    }
    if (path.isEmpty()) {
      path = "/";
    }
    if (path.charAt(0) != '/') {
      throw new IllegalArgumentException("path must start with '/', got '" + path + "'");
    }
    if (path.indexOf('?') >= 0 || path.indexOf('#') >= 0) {
      throw new IllegalArgumentException("path must not contain '?' or '#', got '" + path + "'");
    }
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c <= ' ' || c == '/' || c == 0x7f) {
        throw new IllegalArgumentException("host must not contain '/', spaces or controls: '"
            + host + "'");
      }
    }
  }

  /** A request without headers. */
  public HttpRequest(String method, String host, String path, String query) {
    this(method, host, path, query, Map.of());
  }

  /** A GET request. */
  public static HttpRequest get(String host, String path) {
    return new HttpRequest("GET", host, path, "");
  }

  /** This request with one more header (a repeated name keeps its first value). */
  public HttpRequest withHeader(String name, String value) {
    if (name.isEmpty() || name.indexOf(':') >= 0) {
      throw new IllegalArgumentException("header name must be non-empty without ':', got '"
          + name + "'");
    }
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
    return new HttpRequest(method, host, path, query, more);
  }

  /** The first value of each query parameter, undecoded. */
  public Map<String, String> queryParameters() {
    Map<String, String> params = new LinkedHashMap<>();
    if (query.isEmpty()) {
      return params;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      params.putIfAbsent(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
    }
    return params;
  }

  /**
   * Parses {@code [METHOD ]HOST/PATH[?QUERY]}, e.g. {@code GET foo.com/api?x=1} or
   * {@code foo.com:8080/}. A fragment ({@code #...}) is dropped, as clients never send it.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static HttpRequest parse(String text) {
    Objects.requireNonNull(text, "request");
    String rest = text.strip();
    String method = "GET";
    int space = rest.indexOf(' ');
    if (space >= 0) {
      method = rest.substring(0, space);
      rest = rest.substring(space + 1).strip();
      if (!METHOD.matcher(method).matches()) {
        throw new IllegalArgumentException("'" + text + "': method must be upper-case letters"
            + " followed by one space, e.g. 'GET foo.com/'");
      }
    }
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      rest = rest.substring(0, hash);
    }
    int slash = rest.indexOf('/');
    int question = rest.indexOf('?');
    int hostEnd = slash < 0 ? (question < 0 ? rest.length() : question)
        : (question < 0 ? slash : Math.min(slash, question));
    String host = rest.substring(0, hostEnd);
    String pathAndQuery = rest.substring(hostEnd);
    String path = pathAndQuery;
    String query = "";
    int q = pathAndQuery.indexOf('?');
    if (q >= 0) {
      path = pathAndQuery.substring(0, q);
      query = pathAndQuery.substring(q + 1);
    }
    try {
      return new HttpRequest(method, host, path, query);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
    }
  }

  /** {@code HOST/PATH[?QUERY]} as the CLI prints it. */
  public String describe() {
    return host + path + (query.isEmpty() ? "" : "?" + query);
  }
}
