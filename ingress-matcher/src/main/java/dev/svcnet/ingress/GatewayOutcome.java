package dev.svcnet.ingress;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** What happens to a request a Gateway API rule took, after its filters, for one backend. */
public sealed interface GatewayOutcome
    permits GatewayOutcome.Forwarded, GatewayOutcome.Redirected, GatewayOutcome.NoBackend {

  /** The line the CLI prints. */
  String describe();

  /**
   * The request as the backend receives it.
   *
   * @param host the Host header the backend sees
   * @param headers the headers the backend sees, lower-case names
   */
  record Forwarded(WeightedBackend backend, String host, String path, String query,
      Map<String, String> headers) implements GatewayOutcome {
    public Forwarded {
      Objects.requireNonNull(backend, "backend");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(query, "query");
      headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
    }

    /** {@code ns/svc:80 sees GET host/path?query {a=1}}. */
    @Override
    public String describe() {
      return backend.describe() + " sees " + host + path + (query.isEmpty() ? "" : "?" + query)
          + (headers.isEmpty() ? "" : " " + new TreeMap<>(headers));
    }
  }

  /** The gateway answers with a redirect; no backend is involved. */
  record Redirected(int statusCode, String location) implements GatewayOutcome {
    public Redirected {
      Objects.requireNonNull(location, "location");
    }

    @Override
    public String describe() {
      return statusCode + " " + location;
    }
  }

  /** The rule has no backendRefs and no redirect: the gateway answers 500. */
  record NoBackend() implements GatewayOutcome {
    @Override
    public String describe() {
      return "500 (no backendRefs)";
    }
  }
}
