package dev.svcnet.proxy;

import java.util.List;
import java.util.Objects;

/**
 * One of kube-proxy's IPVS-mode ipsets and the entries it holds.
 *
 * @param name e.g. {@code KUBE-CLUSTER-IP}, or {@code KUBE-6-CLUSTER-IP} for IPv6
 * @param type the ipset type, e.g. {@code hash:ip,port} or {@code bitmap:port}
 * @param createOptions what kube-proxy passes to {@code ipset create} after the type: {@code
 *     family inet hashsize 1024 maxelem 65536} for hash sets, {@code range 0-65535} for bitmap
 *     sets (pkg/proxy/ipvs/ipset/ipset.go)
 * @param entries entries in ipset's text form ({@code 10.96.0.1,tcp:80}), as kube-proxy adds
 *     them, sorted
 */
public record IpSetEntries(String name, String type, List<String> createOptions,
    List<String> entries) {

  public IpSetEntries {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    createOptions = List.copyOf(createOptions);
    entries = List.copyOf(entries);
  }

  /** The set's {@code ipset create} line, as {@code ipset restore} reads it. */
  public String createLine() {
    return "create " + name + " " + type
        + (createOptions.isEmpty() ? "" : " " + String.join(" ", createOptions));
  }

  /** The {@code ipset family} of a hash set ({@code inet} or {@code inet6}), or null. */
  public String hashFamily() {
    int at = createOptions.indexOf("family");
    return at >= 0 && at + 1 < createOptions.size() ? createOptions.get(at + 1) : null;
  }
}
