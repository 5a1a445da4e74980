package dev.svcnet.proxy;

/** {@code addressType} of an EndpointSlice. */
public enum EndpointAddressType {
  IPV4("IPv4"),
  IPV6("IPv6"),
  FQDN("FQDN");

  private final String kubernetesName;

  EndpointAddressType(String kubernetesName) {
    this.kubernetesName = kubernetesName;
  }

  public String kubernetesName() {
    return kubernetesName;
  }

  /** The IP family of an IPv4 or IPv6 slice, {@code null} for FQDN. */
  public IpFamily family() {
    return switch (this) {
      case IPV4 -> IpFamily.IPV4;
      case IPV6 -> IpFamily.IPV6;
      case FQDN -> null;
    };
  }

  public static EndpointAddressType byKubernetesName(String name) {
    for (EndpointAddressType type : values()) {
      if (type.kubernetesName.equals(name)) {
        return type;
      }
    }
    return null;
  }
}
