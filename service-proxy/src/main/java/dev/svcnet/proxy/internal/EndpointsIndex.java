package dev.svcnet.proxy.internal;

import dev.svcnet.proxy.IpFamily;
import dev.svcnet.proxy.Ips;
import dev.svcnet.proxy.Protocol;
import dev.svcnet.proxy.ServiceEndpointSlice;
import dev.svcnet.proxy.ServicePortName;
import dev.svcnet.proxy.SliceEndpoint;
import dev.svcnet.proxy.SlicePort;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Endpoints per service port, merged from all EndpointSlices of one IP family as kube-proxy's
 * EndpointSlice cache does: a slice port contributes to the service port with the same name and
 * protocol; only an endpoint's first address counts; the same {@code ip:port} from two slices is
 * kept once (the local copy wins); each list is sorted by the {@code ip:port} string.
 */
public final class EndpointsIndex {

  private record Key(ServicePortName name, Protocol protocol) {}

  private final Map<Key, List<EndpointInfo>> byServicePort;

  private EndpointsIndex(Map<Key, List<EndpointInfo>> byServicePort) {
    this.byServicePort = byServicePort;
  }

  public static EndpointsIndex of(List<ServiceEndpointSlice> slices, IpFamily family,
      String nodeName) {
    List<ServiceEndpointSlice> sorted = new ArrayList<>(slices);
    sorted.sort(Comparator.comparing(ServiceEndpointSlice::namespace)
        .thenComparing(ServiceEndpointSlice::name));
    Map<Key, Map<String, EndpointInfo>> merged = new HashMap<>();
    for (ServiceEndpointSlice slice : sorted) {
      if (slice.addressType().family() != family) {
        continue;
      }
      for (SlicePort port : slice.ports()) {
        if (port.port() == 0) {
          continue;
        }
        Key key = new Key(new ServicePortName(slice.namespace(), slice.serviceName(),
            port.name()), port.protocol());
        Map<String, EndpointInfo> set = merged.computeIfAbsent(key, k -> new LinkedHashMap<>());
        for (SliceEndpoint endpoint : slice.endpoints()) {
          EndpointInfo info = info(endpoint, port.port(),
              endpoint.nodeName() != null && endpoint.nodeName().equals(nodeName));
          if (!set.containsKey(info.hostPort()) || info.local()) {
            set.put(info.hostPort(), info);
          }
        }
      }
    }
    Map<Key, List<EndpointInfo>> out = new HashMap<>();
    merged.forEach((key, set) -> {
      List<EndpointInfo> list = new ArrayList<>(set.values());
      list.sort(Comparator.comparing(EndpointInfo::hostPort));
      out.put(key, List.copyOf(list));
    });
    return new EndpointsIndex(out);
  }

  /**
   * The endpoint on {@code port}. An IPv4 address the strict parser accepts is already Go's
   * text of it, so that text is kept instead of printed again.
   */
  private static EndpointInfo info(SliceEndpoint endpoint, int port, boolean local) {
    String address = endpoint.addresses().get(0);
    InetAddress ip = Ips.parse(address);
    if (address.indexOf(':') >= 0) {
      return new EndpointInfo(ip, port, local, endpoint.ready(), endpoint.serving(),
          endpoint.terminating());
    }
    return new EndpointInfo(ip, port, local, endpoint.ready(), endpoint.serving(),
        endpoint.terminating(), address, address + ":" + port);
  }

  /** The endpoints of {@code name}/{@code protocol}, sorted by {@code ip:port} text. */
  public List<EndpointInfo> endpoints(ServicePortName name, Protocol protocol) {
    return byServicePort.getOrDefault(new Key(name, protocol), List.of());
  }
}
