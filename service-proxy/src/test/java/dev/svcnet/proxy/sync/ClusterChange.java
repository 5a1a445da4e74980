package dev.svcnet.proxy.sync;

import dev.svcnet.proxy.ClusterService;
import dev.svcnet.proxy.EndpointAddressType;
import dev.svcnet.proxy.Ips;
import dev.svcnet.proxy.Protocol;
import dev.svcnet.proxy.ServiceEndpointSlice;
import dev.svcnet.proxy.ServicePort;
import dev.svcnet.proxy.ServiceType;
import dev.svcnet.proxy.SliceEndpoint;
import dev.svcnet.proxy.SlicePort;
import java.util.ArrayList;
import java.util.List;

/**
 * One generated change to a small cluster of four services {@code t/svc0..svc3}: a Service
 * added or changed (type, port, affinity), a Service deleted, an EndpointSlice added or changed
 * (which of four backends are in it, and the target port), or an
 * EndpointSlice deleted. Decoded from one integer so that QuickTheories can shrink it.
 */
record ClusterChange(Kind kind, int service, int variant) {

  enum Kind { UPDATE_SERVICE, DELETE_SERVICE, UPDATE_SLICE, DELETE_SLICE }

  static final int SERVICES = 4;

  static ClusterChange of(int seed) {
    return new ClusterChange(Kind.values()[seed & 3], (seed >> 2) & 3, seed >> 4);
  }

  void applyTo(ServiceProxier proxier) {
    String name = "svc" + service;
    switch (kind) {
      case UPDATE_SERVICE -> proxier.updateService(service(name));
      case DELETE_SERVICE -> proxier.deleteService("t", name);
      case UPDATE_SLICE -> proxier.updateEndpointSlice(slice(name));
      case DELETE_SLICE -> proxier.deleteEndpointSlice("t", name + "-1");
    }
  }

  private ClusterService service(String name) {
    boolean nodePort = (variant & 1) != 0;
    int port = 80 + ((variant >> 1) & 1);
    ServicePort servicePort = ServicePort.of("http", Protocol.TCP, port);
    if (nodePort) {
      servicePort = servicePort.withNodePort(30000 + service);
    }
    return new ClusterService("t", name, nodePort ? ServiceType.NODE_PORT : ServiceType.CLUSTER_IP,
        false, List.of(Ips.parse("10.96.0." + (10 + service))), List.of(servicePort), List.of(),
        List.of(), List.of(),
        (variant & 4) != 0 ? ClusterService.DEFAULT_AFFINITY_TIMEOUT_SECONDS : 0,
        false, false, 0, null, false);
  }

  private ServiceEndpointSlice slice(String name) {
    List<SliceEndpoint> endpoints = new ArrayList<>();
    for (int b = 0; b < 4; b++) {
      if ((variant & (1 << b)) != 0) {
        endpoints.add(SliceEndpoint.ready("10.244.0." + (10 + b), null));
      }
    }
    return new ServiceEndpointSlice("t", name + "-1", name, EndpointAddressType.IPV4, endpoints,
        List.of(new SlicePort("http", Protocol.TCP, 8080 + ((variant >> 4) & 1))));
  }
}
