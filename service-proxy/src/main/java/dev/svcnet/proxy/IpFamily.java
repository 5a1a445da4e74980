package dev.svcnet.proxy;

import java.net.Inet6Address;
import java.net.InetAddress;

/** An IP family; kube-proxy writes one rule set per family. */
public enum IpFamily {
  IPV4("IPv4"),
  IPV6("IPv6");

  private final String kubernetesName;

  IpFamily(String kubernetesName) {
    this.kubernetesName = kubernetesName;
  }

  /** As Kubernetes spells it in {@code spec.ipFamilies} and {@code addressType}. */
  public String kubernetesName() {
    return kubernetesName;
  }

  public static IpFamily of(InetAddress address) {
    return address instanceof Inet6Address ? IPV6 : IPV4;
  }
}
