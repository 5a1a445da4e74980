package dev.svcnet.proxy.internal;

import dev.svcnet.proxy.EndpointAddressType;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.ObjectReference;
import dev.svcnet.proxy.PodIdentity;
import dev.svcnet.proxy.Protocol;
import dev.svcnet.proxy.ServiceEndpointSlice;
import dev.svcnet.proxy.SliceEndpoint;
import dev.svcnet.proxy.SlicePort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A fabric8 discovery/v1 EndpointSlice (and a Pod) to the records used here, validated and
 * defaulted as the API server does (an absent port name is {@code ""}, an absent protocol TCP).
 */
public final class EndpointSliceConverter {

  /** The API server's limit on addresses per endpoint. */
  private static final int MAX_ADDRESSES = 100;

  private EndpointSliceConverter() {}

  /**
   * The slice, or empty if it has no {@code kubernetes.io/service-name} label (kube-proxy
   * ignores such slices).
   */
  public static Optional<ServiceEndpointSlice> convert(EndpointSlice slice) {
    String namespace = ServiceConverter.namespaceOf(slice.getMetadata());
    String name = slice.getMetadata() == null ? null : slice.getMetadata().getName();
    ObjectErrors errors = new ObjectErrors("EndpointSlice", namespace + "/" + name);
    if (name == null || name.isEmpty()) {
      throw errors.required("metadata.name");
    }
    ServiceConverter.check(errors, "metadata.name", name, Names.dns1123Subdomain(name));
    String typeText = slice.getAddressType();
    if (typeText == null || typeText.isEmpty()) {
      throw errors.required("addressType");
    }
    EndpointAddressType type = EndpointAddressType.byKubernetesName(typeText);
    if (type == null) {
      throw errors.unsupported("addressType", typeText, "FQDN", "IPv4", "IPv6");
    }
    List<SliceEndpoint> endpoints = new ArrayList<>();
    List<Endpoint> in = slice.getEndpoints() == null ? List.of() : slice.getEndpoints();
    for (int i = 0; i < in.size(); i++) {
      endpoints.add(endpoint(errors, "endpoints[" + i + "]", in.get(i), type));
    }
    List<SlicePort> ports = new ArrayList<>();
    List<EndpointPort> portsIn = slice.getPorts() == null ? List.of() : slice.getPorts();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < portsIn.size(); i++) {
      EndpointPort port = portsIn.get(i);
      String field = "ports[" + i + "]";
      String portName = port.getName() == null ? "" : port.getName();
      if (!portName.isEmpty()) {
        ServiceConverter.check(errors, field + ".name", portName,
            Names.dns1123Label(portName));
      }
      if (!names.add(portName)) {
        throw errors.duplicate(field + ".name", portName);
      }
      Protocol protocol = ServiceConverter.protocol(errors, field + ".protocol",
          port.getProtocol());
      int number = 0;
      if (port.getPort() != null) {
        number = port.getPort();
        if (number < 1 || number > 65535) {
          throw errors.invalid(field + ".port", number, "must be between 1 and 65535, inclusive");
        }
      }
      ports.add(new SlicePort(portName, protocol, number));
    }
    Map<String, String> labels = slice.getMetadata().getLabels();
    String serviceName = labels == null ? null : labels.get(ServiceEndpointSlice.SERVICE_NAME_LABEL);
    if (serviceName == null || serviceName.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ServiceEndpointSlice(namespace, name, serviceName, type, endpoints,
        ports));
  }

  private static SliceEndpoint endpoint(ObjectErrors errors, String field, Endpoint endpoint,
      EndpointAddressType type) {
    List<String> addresses = endpoint.getAddresses() == null ? List.of() : endpoint.getAddresses();
    if (addresses.isEmpty()) {
      throw errors.required(field + ".addresses");
    }
    if (addresses.size() > MAX_ADDRESSES) {
      throw errors.tooMany(field + ".addresses", addresses.size(), MAX_ADDRESSES);
    }
    for (int j = 0; j < addresses.size(); j++) {
      String address = addresses.get(j);
      String addressField = field + ".addresses[" + j + "]";
      if (type == EndpointAddressType.FQDN) {
        ServiceConverter.check(errors, addressField, address, Names.dns1123Subdomain(address));
        continue;
      }
      InetAddress ip = ServiceConverter.ip(errors, addressField, address);
      if (IpFamily.of(ip) != type.family()) {
        throw errors.invalid(addressField, address, "must be a valid " + type.kubernetesName()
            + " address");
      }
    }
    var conditions = endpoint.getConditions();
    boolean ready = conditions == null || conditions.getReady() == null || conditions.getReady();
    boolean serving = conditions == null || conditions.getServing() == null
        || conditions.getServing();
    boolean terminating = conditions != null && Boolean.TRUE.equals(conditions.getTerminating());
    String hostname = endpoint.getHostname();
    if (hostname != null && !hostname.isEmpty()) {
      ServiceConverter.check(errors, field + ".hostname", hostname,
          Names.dns1123Label(hostname));
    }
    ObjectReference target = null;
    var ref = endpoint.getTargetRef();
    if (ref != null && ref.getName() != null) {
      target = new ObjectReference(ref.getKind() == null ? "" : ref.getKind(),
          ref.getNamespace() == null ? "" : ref.getNamespace(), ref.getName());
    }
    return new SliceEndpoint(addresses, ready, serving, terminating, endpoint.getNodeName(),
        hostname == null || hostname.isEmpty() ? null : hostname, target);
  }

  /** A Pod's DNS identity ({@code spec.hostname}, {@code spec.subdomain}), validated. */
  public static PodIdentity convert(Pod pod) {
    String namespace = ServiceConverter.namespaceOf(pod.getMetadata());
    String name = pod.getMetadata() == null ? null : pod.getMetadata().getName();
    ObjectErrors errors = new ObjectErrors("Pod", namespace + "/" + name);
    if (name == null || name.isEmpty()) {
      throw errors.required("metadata.name");
    }
    String hostname = pod.getSpec() == null ? null : pod.getSpec().getHostname();
    String subdomain = pod.getSpec() == null ? null : pod.getSpec().getSubdomain();
    if (hostname != null && !hostname.isEmpty()) {
      ServiceConverter.check(errors, "spec.hostname", hostname, Names.dns1123Label(hostname));
    }
    if (subdomain != null && !subdomain.isEmpty()) {
      ServiceConverter.check(errors, "spec.subdomain", subdomain, Names.dns1123Label(subdomain));
    }
    return new PodIdentity(namespace, name, hostname == null || hostname.isEmpty() ? null
        : hostname, subdomain == null || subdomain.isEmpty() ? null : subdomain);
  }
}
