package dev.svcnet.proxy;

import java.util.List;
import java.util.Objects;

/**
 * One of kube-proxy's IPVS-mode ipsets and the entries it holds.
 *
 * @param name e.g. {@code KUBE-CLUSTER-IP}, or {@code KUBE-6-CLUSTER-IP} for IPv6
 * @param type the ipset type, e.g. {@code hash:ip,port} or {@code bitmap:port}
 * @param entries entries in ipset's text form ({@code 10.96.0.1,tcp:80}), sorted
 */
public record IpSetEntries(String name, String type, List<String> entries) {
  public IpSetEntries {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    entries = List.copyOf(entries);
  }
}
