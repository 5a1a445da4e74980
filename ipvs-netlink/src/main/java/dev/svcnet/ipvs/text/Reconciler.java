package dev.svcnet.ipvs.text;

import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.ForwardingMethod;
import dev.svcnet.ipvs.IpvsOperation;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fewest operations that turn one IPVS table into another, in an order the kernel accepts
 * in a single batch: destination deletions (in services that stay), service deletions (their
 * destinations go with them, or one {@code Flush} when no current service stays and there are
 * two or more), service additions and updates, then destination additions and updates.
 *
 * <p>A service is identified by its {@link ServiceId}, a destination by address and port within
 * its service. Changed scheduler, flags, timeout, netmask or persistence engine give an
 * {@code UpdateService}; changed weight, forwarding, thresholds or tunnel an
 * {@code UpdateDestination}. Statistics and counters are ignored. A current {@code Local}
 * destination satisfies a wanted {@code Route} one: ipvsadm writes both as {@code -g}, and the
 * kernel turns any destination with a local address into {@code Local}, so an update could not
 * change it.
 */
public final class Reconciler {
  private Reconciler() {}

  /**
   * What to apply to {@code current} to get {@code desired}.
   *
   * @throws IllegalArgumentException if {@code desired} names a service or a destination twice
   */
  public static List<IpvsOperation> diff(List<Service> current, List<Service> desired) {
    Map<ServiceId, Service> now = index(current, "current");
    Map<ServiceId, Service> wanted = index(desired, "desired");

    List<IpvsOperation> destinationDeletes = new ArrayList<>();
    List<IpvsOperation> serviceDeletes = new ArrayList<>();
    List<IpvsOperation> serviceChanges = new ArrayList<>();
    List<IpvsOperation> destinationChanges = new ArrayList<>();

    for (Service service : IpvsadmOrder.services(current)) {
      Service target = wanted.get(service.id());
      if (target == null) {
        serviceDeletes.add(new IpvsOperation.DeleteService(service.id()));
        continue;
      }
      for (Destination destination : IpvsadmOrder.destinations(service.destinations())) {
        if (find(target, destination.server()) == null) {
          destinationDeletes.add(new IpvsOperation.DeleteDestination(service.id(),
              destination.server()));
        }
      }
    }
    boolean nothingStays = now.keySet().stream().noneMatch(wanted::containsKey);
    if (nothingStays && serviceDeletes.size() >= 2) {
      serviceDeletes = List.of(new IpvsOperation.Flush());
    }

    for (Service target : IpvsadmOrder.services(desired)) {
      Service existing = now.get(target.id());
      if (existing == null) {
        serviceChanges.add(new IpvsOperation.AddService(target.service()));
      } else if (!existing.service().equals(target.service())) {
        serviceChanges.add(new IpvsOperation.UpdateService(target.service()));
      }
      for (Destination destination : IpvsadmOrder.destinations(target.destinations())) {
        RealServer wantedServer = destination.server();
        RealServer currentServer = existing == null ? null : find(existing, wantedServer);
        if (currentServer == null) {
          destinationChanges.add(new IpvsOperation.AddDestination(target.id(), wantedServer));
        } else if (!satisfies(currentServer, wantedServer)) {
          destinationChanges.add(new IpvsOperation.UpdateDestination(target.id(), wantedServer));
        }
      }
    }

    List<IpvsOperation> out = new ArrayList<>(destinationDeletes);
    out.addAll(serviceDeletes);
    out.addAll(serviceChanges);
    out.addAll(destinationChanges);
    return List.copyOf(out);
  }

  /** True when {@code current} needs no update to be {@code wanted}. */
  static boolean satisfies(RealServer current, RealServer wanted) {
    if (current.equals(wanted)) {
      return true;
    }
    return current.forwarding() == ForwardingMethod.LOCAL
        && wanted.forwarding() == ForwardingMethod.ROUTE
        && current.withForwarding(ForwardingMethod.ROUTE, null).equals(wanted);
  }

  private static RealServer find(Service service, RealServer endpoint) {
    for (Destination destination : service.destinations()) {
      if (destination.server().sameEndpoint(endpoint)) {
        return destination.server();
      }
    }
    return null;
  }

  private static Map<ServiceId, Service> index(List<Service> services, String which) {
    Map<ServiceId, Service> out = new LinkedHashMap<>();
    for (Service service : services) {
      Objects.requireNonNull(service, which + " service");
      if (out.put(service.id(), service) != null) {
        throw new IllegalArgumentException(which + " state names " + service.id() + " twice");
      }
      Set<String> endpoints = new HashSet<>();
      for (Destination destination : service.destinations()) {
        RealServer server = destination.server();
        if (!endpoints.add(server.address().getHostAddress() + "/" + server.port())) {
          throw new IllegalArgumentException(which + " state names destination " + server
              + " of " + service.id() + " twice");
        }
      }
    }
    return out;
  }
}
