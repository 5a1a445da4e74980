package dev.svcnet.proxy;

import dev.svcnet.proxy.DnsRecord.Type;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The records of the Kubernetes DNS-based service discovery specification for a cluster state:
 *
 * <ul>
 *   <li>ClusterIP services: {@code <svc>.<ns>.svc.<zone>} A/AAAA per cluster IP, SRV per named
 *       port ({@code _<port>._<proto>.<svc>...}), PTR for each cluster IP.
 *   <li>Headless services: A/AAAA per ready endpoint (all endpoints with
 *       {@code publishNotReadyAddresses}); {@code <hostname>.<svc>...} A/AAAA and PTR for
 *       endpoints with a hostname (from the EndpointSlice, or from a Pod whose
 *       {@code spec.subdomain} is the service); SRV per named port and endpoint, targeting the
 *       hostname, or the address with dashes for endpoints without one.
 *   <li>ExternalName services: a CNAME.
 * </ul>
 *
 * SRV priority and weight follow CoreDNS: priority 0, weight 100 divided evenly over the
 * records of one name. Services without an allocated cluster IP have no records.
 */
public final class DnsRecords {

  private DnsRecords() {}

  public static List<DnsRecord> of(ClusterState state, String clusterDomain) {
    Map<String, PodIdentity> pods = new HashMap<>();
    for (PodIdentity pod : state.pods()) {
      pods.put(pod.namespace() + "/" + pod.name(), pod);
    }
    List<DnsRecord> out = new ArrayList<>();
    for (ClusterService service : state.services()) {
      String fqdn = service.name() + "." + service.namespace() + ".svc." + clusterDomain + ".";
      if (service.type() == ServiceType.EXTERNAL_NAME) {
        String target = service.externalName().endsWith(".")
            ? service.externalName() : service.externalName() + ".";
        out.add(new DnsRecord(fqdn, Type.CNAME, target));
      } else if (service.headless()) {
        headless(service, fqdn, state, pods, out);
      } else if (!service.clusterIPs().isEmpty()) {
        for (InetAddress ip : service.clusterIPs()) {
          out.add(address(fqdn, ip));
          out.add(new DnsRecord(reverse(ip), Type.PTR, fqdn));
        }
        for (ServicePort port : service.ports()) {
          if (!port.name().isEmpty()) {
            out.add(new DnsRecord(srvName(port, fqdn), Type.SRV,
                "0 100 " + port.port() + " " + fqdn));
          }
        }
      }
    }
    out.sort(Comparator.comparing(DnsRecord::name).thenComparing(DnsRecord::type)
        .thenComparing(DnsRecord::data));
    return out.stream().distinct().toList();
  }

  private static void headless(ClusterService service, String fqdn, ClusterState state,
      Map<String, PodIdentity> pods, List<DnsRecord> out) {
    // address text -> hostname ("" if none), over all slices of the service
    Map<String, String> endpoints = new LinkedHashMap<>();
    for (ServiceEndpointSlice slice : state.endpointSlices()) {
      if (!slice.serviceKey().equals(service.key()) || slice.addressType().family() == null) {
        continue;
      }
      for (SliceEndpoint endpoint : slice.endpoints()) {
        if (!endpoint.ready() && !service.publishNotReadyAddresses()) {
          continue;
        }
        String hostname = endpoint.hostname();
        if (hostname == null && endpoint.targetRef() != null
            && endpoint.targetRef().kind().equals("Pod")) {
          String namespace = endpoint.targetRef().namespace().isEmpty()
              ? slice.namespace() : endpoint.targetRef().namespace();
          PodIdentity pod = pods.get(namespace + "/" + endpoint.targetRef().name());
          if (pod != null && pod.hostname() != null && service.name().equals(pod.subdomain())) {
            hostname = pod.hostname();
          }
        }
        for (String address : endpoint.addresses()) {
          endpoints.putIfAbsent(address, hostname == null ? "" : hostname);
        }
      }
    }
    for (Map.Entry<String, String> e : endpoints.entrySet()) {
      InetAddress ip = Ips.parse(e.getKey());
      out.add(address(fqdn, ip));
      if (!e.getValue().isEmpty()) {
        String host = e.getValue() + "." + fqdn;
        out.add(address(host, ip));
        out.add(new DnsRecord(reverse(ip), Type.PTR, host));
      }
    }
    for (ServicePort port : service.ports()) {
      if (port.name().isEmpty() || endpoints.isEmpty()) {
        continue;
      }
      TreeSet<String> targets = new TreeSet<>();
      for (Map.Entry<String, String> e : endpoints.entrySet()) {
        String label = e.getValue().isEmpty() ? dashed(Ips.parse(e.getKey())) : e.getValue();
        targets.add(label + "." + fqdn);
      }
      int weight = 100 / targets.size();
      int number = endpointPort(service, port, state);
      for (String target : targets) {
        out.add(new DnsRecord(srvName(port, fqdn), Type.SRV,
            "0 " + weight + " " + number + " " + target));
      }
    }
  }

  /** A headless service's SRV port is the endpoint port of the same name (the target port). */
  private static int endpointPort(ClusterService service, ServicePort port, ClusterState state) {
    for (ServiceEndpointSlice slice : state.endpointSlices()) {
      if (slice.serviceKey().equals(service.key())) {
        for (SlicePort slicePort : slice.ports()) {
          if (slicePort.name().equals(port.name()) && slicePort.protocol() == port.protocol()
              && slicePort.port() != 0) {
            return slicePort.port();
          }
        }
      }
    }
    return port.port();
  }

  private static String srvName(ServicePort port, String fqdn) {
    return "_" + port.name() + "._" + port.protocol().name().toLowerCase(Locale.ROOT) + "."
        + fqdn;
  }

  private static DnsRecord address(String name, InetAddress ip) {
    return new DnsRecord(name, ip instanceof Inet6Address ? Type.AAAA : Type.A, Ips.text(ip));
  }

  /** {@code 10-244-1-5} or {@code fd00--1}: the address as one DNS label. */
  static String dashed(InetAddress ip) {
    return Ips.text(ip).replace('.', '-').replace(':', '-');
  }

  /** {@code 10.0.96.10.in-addr.arpa.} or the nibble form under {@code ip6.arpa.}. */
  static String reverse(InetAddress ip) {
    byte[] b = ip.getAddress();
    StringBuilder out = new StringBuilder();
    if (b.length == 4) {
      for (int i = 3; i >= 0; i--) {
        out.append(b[i] & 0xff).append('.');
      }
      return out.append("in-addr.arpa.").toString();
    }
    for (int i = 15; i >= 0; i--) {
      out.append(Character.forDigit(b[i] & 0xf, 16)).append('.')
          .append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append('.');
    }
    return out.append("ip6.arpa.").toString();
  }
}
