package dev.svcnet.proxy.internal;

import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.ClusterService;
import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.Ips;
import dev.svcnet.proxy.LoadBalancerIngress;
import dev.svcnet.proxy.Protocol;
import dev.svcnet.proxy.ServicePort;
import dev.svcnet.proxy.ServiceType;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A fabric8 Service to a {@link ClusterService}, checked the way the API server validates and
 * defaults it. Fields the API server allocates (clusterIP, nodePort) may be absent: they are then
 * unallocated, never invented.
 */
public final class ServiceConverter {

  private ServiceConverter() {}

  public static ClusterService convert(Service service) {
    String namespace = namespaceOf(service.getMetadata());
    String name = service.getMetadata() == null ? null : service.getMetadata().getName();
    ObjectErrors errors = new ObjectErrors("Service", namespace + "/" + name);
    if (name == null || name.isEmpty()) {
      throw errors.required("metadata.name");
    }
    check(errors, "metadata.name", name, Names.dns1035Label(name));
    check(errors, "metadata.namespace", namespace, Names.dns1123Label(namespace));
    ServiceSpec spec = service.getSpec();
    if (spec == null) {
      throw errors.required("spec");
    }
    ServiceType type = ServiceType.CLUSTER_IP;
    if (spec.getType() != null && !spec.getType().isEmpty()) {
      type = ServiceType.byKubernetesName(spec.getType());
      if (type == null) {
        throw errors.unsupported("spec.type", spec.getType(), "ClusterIP", "ExternalName",
            "LoadBalancer", "NodePort");
      }
    }
    String clusterIP = spec.getClusterIP() == null ? "" : spec.getClusterIP();
    boolean headless = clusterIP.equals("None");
    String externalName = null;
    if (type == ServiceType.EXTERNAL_NAME) {
      externalName = spec.getExternalName();
      if (externalName == null || externalName.isEmpty()) {
        throw errors.required("spec.externalName");
      }
      String bare = externalName.endsWith(".")
          ? externalName.substring(0, externalName.length() - 1) : externalName;
      check(errors, "spec.externalName", externalName, Names.dns1123Subdomain(bare));
      if (!clusterIP.isEmpty()) {
        throw errors.invalid("spec.clusterIP", clusterIP,
            "may not be set for ExternalName services");
      }
    }
    List<InetAddress> clusterIPs = clusterIPs(spec, clusterIP, headless, errors);
    List<ServicePort> ports = ports(spec, type, headless, errors);
    List<InetAddress> externalIPs = new ArrayList<>();
    List<String> externalTexts = spec.getExternalIPs() == null ? List.of() : spec.getExternalIPs();
    for (int i = 0; i < externalTexts.size(); i++) {
      externalIPs.add(ip(errors, "spec.externalIPs[" + i + "]", externalTexts.get(i)));
    }
    List<Cidr> ranges = new ArrayList<>();
    List<String> rangeTexts = spec.getLoadBalancerSourceRanges() == null
        ? List.of() : spec.getLoadBalancerSourceRanges();
    if (!rangeTexts.isEmpty() && type != ServiceType.LOAD_BALANCER) {
      throw errors.forbidden("spec.loadBalancerSourceRanges",
          "may only be used when `type` is 'LoadBalancer'");
    }
    for (int i = 0; i < rangeTexts.size(); i++) {
      try {
        ranges.add(Cidr.parse(rangeTexts.get(i)));
      } catch (IllegalArgumentException e) {
        throw errors.invalid("spec.loadBalancerSourceRanges[" + i + "]", rangeTexts.get(i),
            "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
      }
    }
    int affinityTimeout = affinityTimeout(spec, errors);
    boolean externalType = type == ServiceType.NODE_PORT || type == ServiceType.LOAD_BALANCER;
    String etp = spec.getExternalTrafficPolicy();
    boolean etpLocal = false;
    if (etp != null && !etp.isEmpty()) {
      if (!etp.equals("Cluster") && !etp.equals("Local")) {
        throw errors.unsupported("spec.externalTrafficPolicy", etp, "Cluster", "Local");
      }
      if (!externalType) {
        throw errors.invalid("spec.externalTrafficPolicy", etp,
            "may only be set when `type` is 'NodePort' or 'LoadBalancer'");
      }
      etpLocal = etp.equals("Local");
    }
    String itp = spec.getInternalTrafficPolicy();
    if (itp != null && !itp.isEmpty() && !itp.equals("Cluster") && !itp.equals("Local")) {
      throw errors.unsupported("spec.internalTrafficPolicy", itp, "Cluster", "Local");
    }
    int healthCheck = spec.getHealthCheckNodePort() == null ? 0 : spec.getHealthCheckNodePort();
    if (healthCheck != 0) {
      if (type != ServiceType.LOAD_BALANCER || !etpLocal) {
        throw errors.invalid("spec.healthCheckNodePort", healthCheck,
            "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is"
                + " 'Local'");
      }
      if (healthCheck < 1 || healthCheck > 65535) {
        throw errors.invalid("spec.healthCheckNodePort", healthCheck,
            "must be between 1 and 65535, inclusive");
      }
    }
    List<LoadBalancerIngress> ingress = new ArrayList<>();
    if (service.getStatus() != null && service.getStatus().getLoadBalancer() != null
        && service.getStatus().getLoadBalancer().getIngress() != null) {
      var list = service.getStatus().getLoadBalancer().getIngress();
      for (int i = 0; i < list.size(); i++) {
        var entry = list.get(i);
        String field = "status.loadBalancer.ingress[" + i + "]";
        InetAddress ip = entry.getIp() == null || entry.getIp().isEmpty()
            ? null : ip(errors, field + ".ip", entry.getIp());
        if (ip == null && (entry.getHostname() == null || entry.getHostname().isEmpty())) {
          throw errors.required(field + ".ip");
        }
        String ipMode = entry.getIpMode();
        if (ipMode != null && !ipMode.isEmpty() && !ipMode.equals("VIP")
            && !ipMode.equals("Proxy")) {
          throw errors.unsupported(field + ".ipMode", ipMode, "Proxy", "VIP");
        }
        ingress.add(new LoadBalancerIngress(ip, entry.getHostname(), "Proxy".equals(ipMode)));
      }
    }
    return new ClusterService(namespace, name, type, headless, clusterIPs, ports, externalIPs,
        ingress, ranges, affinityTimeout, etpLocal, "Local".equals(itp), healthCheck,
        externalName, Boolean.TRUE.equals(spec.getPublishNotReadyAddresses()));
  }

  static String namespaceOf(io.fabric8.kubernetes.api.model.ObjectMeta meta) {
    String namespace = meta == null ? null : meta.getNamespace();
    return namespace == null || namespace.isEmpty() ? "default" : namespace;
  }

  private static List<InetAddress> clusterIPs(ServiceSpec spec, String clusterIP,
      boolean headless, ObjectErrors errors) {
    List<String> texts = spec.getClusterIPs() == null ? List.of() : spec.getClusterIPs();
    if (!texts.isEmpty() && !clusterIP.isEmpty() && !texts.get(0).equals(clusterIP)) {
      throw errors.invalid("spec.clusterIPs[0]", texts.get(0),
          "must match `clusterIP` when both are specified");
    }
    if (texts.isEmpty() && !clusterIP.isEmpty()) {
      texts = List.of(clusterIP);
    }
    if (texts.size() > 2) {
      throw errors.invalid("spec.clusterIPs", texts, "may only hold up to 2 values");
    }
    List<String> families = spec.getIpFamilies() == null ? List.of() : spec.getIpFamilies();
    for (int i = 0; i < families.size(); i++) {
      if (!families.get(i).equals("IPv4") && !families.get(i).equals("IPv6")) {
        throw errors.unsupported("spec.ipFamilies[" + i + "]", families.get(i), "IPv4", "IPv6");
      }
    }
    if (families.size() == 2 && families.get(0).equals(families.get(1))) {
      throw errors.duplicate("spec.ipFamilies[1]", families.get(1));
    }
    if (headless) {
      if (texts.size() > 1) {
        throw errors.invalid("spec.clusterIPs[1]", texts.get(1),
            "must not be set when clusterIPs[0] is 'None'");
      }
      return List.of();
    }
    List<InetAddress> out = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      String field = "spec.clusterIPs[" + i + "]";
      if (texts.get(i).equals("None")) {
        throw errors.invalid(field, "None", "must be a valid IP address");
      }
      InetAddress ip = ip(errors, field, texts.get(i));
      IpFamily family = IpFamily.of(ip);
      if (i < families.size() && !families.get(i).equals(family.kubernetesName())) {
        String expected = families.get(i);
        throw errors.invalid(field, texts.get(i), "expected an " + expected
            + " value as indicated by `ipFamilies[" + i + "]`");
      }
      if (i == 1 && IpFamily.of(out.get(0)) == family) {
        throw errors.invalid("spec.clusterIPs", texts,
            "may specify no more than one IP for each IP family");
      }
      out.add(ip);
    }
    return out;
  }

  private static List<ServicePort> ports(ServiceSpec spec, ServiceType type, boolean headless,
      ObjectErrors errors) {
    var in = spec.getPorts() == null ? List.<io.fabric8.kubernetes.api.model.ServicePort>of()
        : spec.getPorts();
    if (in.isEmpty() && type != ServiceType.EXTERNAL_NAME && !headless) {
      throw errors.required("spec.ports");
    }
    List<ServicePort> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> portProtocols = new HashSet<>();
    Set<String> nodePortProtocols = new HashSet<>();
    boolean externalType = type == ServiceType.NODE_PORT || type == ServiceType.LOAD_BALANCER;
    for (int i = 0; i < in.size(); i++) {
      var port = in.get(i);
      String field = "spec.ports[" + i + "]";
      String portName = port.getName() == null ? "" : port.getName();
      if (portName.isEmpty()) {
        if (in.size() > 1) {
          throw errors.required(field + ".name");
        }
      } else {
        check(errors, field + ".name", portName, Names.dns1123Label(portName));
        if (!names.add(portName)) {
          throw errors.duplicate(field + ".name", portName);
        }
      }
      Protocol protocol = protocol(errors, field + ".protocol", port.getProtocol());
      int number = port.getPort() == null ? 0 : port.getPort();
      if (number < 1 || number > 65535) {
        throw errors.invalid(field + ".port", number, "must be between 1 and 65535, inclusive");
      }
      if (!portProtocols.add(number + "/" + protocol)) {
        throw errors.duplicate(field, number + "/" + protocol);
      }
      String target = targetPort(errors, field + ".targetPort", port.getTargetPort());
      int nodePort = port.getNodePort() == null ? 0 : port.getNodePort();
      if (nodePort != 0) {
        if (!externalType) {
          throw errors.forbidden(field + ".nodePort", "may not be used when `type` is '"
              + type.kubernetesName() + "'");
        }
        if (nodePort < 1 || nodePort > 65535) {
          throw errors.invalid(field + ".nodePort", nodePort,
              "must be between 1 and 65535, inclusive");
        }
        if (!nodePortProtocols.add(nodePort + "/" + protocol)) {
          throw errors.duplicate(field + ".nodePort", nodePort);
        }
      }
      out.add(new ServicePort(portName, protocol, number, target, nodePort));
    }
    return out;
  }

  private static String targetPort(ObjectErrors errors, String field, IntOrString target) {
    if (target == null) {
      return "";
    }
    if (target.getStrVal() != null) {
      String text = target.getStrVal();
      check(errors, field, text, Names.ianaServiceName(text));
      return text;
    }
    int value = target.getIntVal() == null ? 0 : target.getIntVal();
    if (value == 0) {
      return "";
    }
    if (value < 1 || value > 65535) {
      throw errors.invalid(field, value, "must be between 1 and 65535, inclusive");
    }
    return String.valueOf(value);
  }

  private static int affinityTimeout(ServiceSpec spec, ObjectErrors errors) {
    String affinity = spec.getSessionAffinity();
    if (affinity == null || affinity.isEmpty() || affinity.equals("None")) {
      return 0;
    }
    if (!affinity.equals("ClientIP")) {
      throw errors.unsupported("spec.sessionAffinity", affinity, "ClientIP", "None");
    }
    Integer timeout = null;
    if (spec.getSessionAffinityConfig() != null
        && spec.getSessionAffinityConfig().getClientIP() != null) {
      timeout = spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
    }
    if (timeout == null) {
      return ClusterService.DEFAULT_AFFINITY_TIMEOUT_SECONDS;
    }
    if (timeout < 1 || timeout > 86400) {
      throw errors.invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", timeout,
          "must be greater than 0 and less than 86400");
    }
    return timeout;
  }

  static Protocol protocol(ObjectErrors errors, String field, String text) {
    if (text == null || text.isEmpty()) {
      return Protocol.TCP;
    }
    try {
      return Protocol.valueOf(text);
    } catch (IllegalArgumentException e) {
      throw errors.unsupported(field, text, "SCTP", "TCP", "UDP");
    }
  }

  static InetAddress ip(ObjectErrors errors, String field, String text) {
    try {
      return Ips.parse(text);
    } catch (IllegalArgumentException e) {
      throw errors.invalid(field, text, "must be a valid IP address, (e.g. 10.9.8.7 or"
          + " 2001:db8::ffff)");
    }
  }

  static void check(ObjectErrors errors, String field, String value, String complaint) {
    if (complaint != null) {
      throw errors.invalid(field, value, complaint);
    }
  }
}
