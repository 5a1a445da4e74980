package dev.svcnet.proxy;

import java.util.List;
import java.util.Objects;

/**
 * A discovery.k8s.io/v1 EndpointSlice, reduced to what the data plane uses.
 *
 * @param namespace {@code metadata.namespace}
 * @param name {@code metadata.name}
 * @param serviceName the {@code kubernetes.io/service-name} label: the Service it belongs to
 * @param addressType IPv4, IPv6 or FQDN
 * @param endpoints {@code endpoints}
 * @param ports {@code ports}
 */
public record ServiceEndpointSlice(String namespace, String name, String serviceName,
    EndpointAddressType addressType, List<SliceEndpoint> endpoints, List<SlicePort> ports) {

  /** The label that ties a slice to its Service. */
  public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  public ServiceEndpointSlice {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(addressType, "addressType");
    endpoints = List.copyOf(endpoints);
    ports = List.copyOf(ports);
  }

  /** {@code namespace/serviceName}. */
  public String serviceKey() {
    return namespace + "/" + serviceName;
  }
}
