package dev.svcnet.proxy.sync.internal;

import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.IpvsOperation;
import dev.svcnet.ipvs.Protocol;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.Stats;
import dev.svcnet.ipvs.text.Reconciler;
import dev.svcnet.proxy.Cidr;
import dev.svcnet.proxy.IpFamily;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one IPVS-mode sync changes in the kernel's IPVS table, decided the way kube-proxy's IPVS
 * proxier decides it ({@code pkg/proxy/ipvs/proxier.go} {@code syncEndpoint} and {@code
 * cleanLegacyService}, {@code graceful_termination.go}; see docs/ipvs-graceful-termination.md):
 *
 * <ul>
 *   <li>a real server that is no longer planned in a virtual server that stays is deleted at once
 *       when its virtual server is UDP or SCTP, or when the kernel counts no active and no
 *       inactive connections on it; otherwise it is <em>draining</em>: kept with weight 0 (no new
 *       connections) and looked at again on every later sync, until its counters reach zero;
 *   <li>a draining real server whose endpoint is planned again gets the planned weight back;
 *   <li>a virtual server that is no longer planned is deleted with all its real servers, draining
 *       or not, unless its address lies in one of the excluded CIDRs ({@code --ipvs-exclude-cidrs})
 *       or belongs to the other IP family: those the sync never deletes.
 * </ul>
 *
 * @param operations the batch to apply, in an order the kernel accepts (see {@link Reconciler})
 * @param draining real servers left at weight 0 after the batch because connections still use
 *     them
 */
public record IpvsTableChanges(List<IpvsOperation> operations, int draining) {

  public IpvsTableChanges {
    operations = List.copyOf(operations);
    if (draining < 0) {
      throw new IllegalArgumentException("draining must not be negative, got " + draining);
    }
  }

  /**
   * The changes that turn the {@code kernel} table (as dumped, with connection counters) into
   * the {@code planned} one for a proxier of {@code family}.
   */
  public static IpvsTableChanges between(List<Service> kernel, List<Service> planned,
      IpFamily family, List<Cidr> excludedCidrs) {
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(planned, "planned");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(excludedCidrs, "excludedCidrs");
    Set<ServiceId> plannedIds = new HashSet<>();
    planned.forEach(service -> plannedIds.add(service.id()));

    List<Service> owned = new ArrayList<>();
    Map<ServiceId, Service> ownedById = new HashMap<>();
    boolean leftAlone = false;
    for (Service service : kernel) {
      if (plannedIds.contains(service.id()) || deletable(service.id(), family, excludedCidrs)) {
        owned.add(service);
        ownedById.put(service.id(), service);
      } else {
        leftAlone = true;
      }
    }

    List<Service> wanted = new ArrayList<>();
    int draining = 0;
    for (Service target : planned) {
      Service current = ownedById.get(target.id());
      if (current == null) {
        wanted.add(target);
        continue;
      }
      List<Destination> destinations = new ArrayList<>(target.destinations());
      for (Destination existing : current.destinations()) {
        boolean stillPlanned = target.destinations().stream()
            .anyMatch(d -> d.server().sameEndpoint(existing.server()));
        if (!stillPlanned && mustDrain(target.id(), existing)) {
          destinations.add(new Destination(existing.server().withWeight(0), 0, 0, 0, Stats.ZERO));
          draining++;
        }
      }
      wanted.add(new Service(target.service(), target.stats(), destinations));
    }

    List<IpvsOperation> operations = Reconciler.diff(owned, wanted);
    if (leftAlone && operations.stream().anyMatch(op -> op instanceof IpvsOperation.Flush)) {
      operations = withoutFlush(operations, owned, plannedIds);
    }
    return new IpvsTableChanges(operations, draining);
  }

  /**
   * kube-proxy's {@code IsRsGracefulTerminationNeeded} with its connection check: UDP and SCTP
   * real servers go at once (the kernel drops their connections on the next packet, with {@code
   * expire_nodest_conn=1}); the others stay while any connection, active or inactive, uses them.
   */
  static boolean mustDrain(ServiceId service, Destination destination) {
    if (service instanceof ServiceId.ByAddress byAddress
        && (byAddress.protocol() == Protocol.UDP || byAddress.protocol() == Protocol.SCTP)) {
      return false;
    }
    return destination.activeConnections() + destination.inactiveConnections() != 0;
  }

  /** Whether the sync may delete an unplanned virtual server: own family, not excluded. */
  static boolean deletable(ServiceId id, IpFamily family, List<Cidr> excludedCidrs) {
    if (!(id instanceof ServiceId.ByAddress byAddress)) {
      return ((ServiceId.ByMark) id).ipv6() == (family == IpFamily.IPV6);
    }
    InetAddress address = byAddress.address();
    if (byAddress.ipv6() != (family == IpFamily.IPV6)) {
      return false;
    }
    return excludedCidrs.stream().noneMatch(cidr -> cidr.contains(address));
  }

  /** The batch with its Flush (which would also take the services left alone) spelled out. */
  private static List<IpvsOperation> withoutFlush(List<IpvsOperation> operations,
      List<Service> owned, Set<ServiceId> plannedIds) {
    List<IpvsOperation> out = new ArrayList<>();
    for (IpvsOperation operation : operations) {
      if (operation instanceof IpvsOperation.Flush) {
        for (Service service : owned) {
          if (!plannedIds.contains(service.id())) {
            out.add(new IpvsOperation.DeleteService(service.id()));
          }
        }
      } else {
        out.add(operation);
      }
    }
    return out;
  }
}
