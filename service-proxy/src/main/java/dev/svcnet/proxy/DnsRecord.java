package dev.svcnet.proxy;

import java.util.Objects;

/**
 * One resource record cluster DNS serves.
 *
 * @param name the owner name, fully qualified with the trailing dot
 * @param type A, AAAA, SRV, PTR or CNAME
 * @param data the record data as a zone file writes it ({@code 10.96.0.10};
 *     {@code 0 100 80 web.shop.svc.cluster.local.}; {@code web.shop.svc.cluster.local.})
 */
public record DnsRecord(String name, Type type, String data) {

  /** The record types of the Kubernetes DNS specification. */
  public enum Type { A, AAAA, SRV, PTR, CNAME }

  public DnsRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(data, "data");
    if (!name.endsWith(".")) {
      throw new IllegalArgumentException("owner name must be fully qualified: " + name);
    }
  }

  /** {@code name IN TYPE data} (no TTL: the TTL is the server's choice). */
  public String zoneLine() {
    return name + " IN " + type + " " + data;
  }
}
