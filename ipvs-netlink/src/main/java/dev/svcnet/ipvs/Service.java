package dev.svcnet.ipvs;

import java.util.List;
import java.util.Objects;

/**
 * A virtual service as the kernel reports it, with statistics and (when asked for) its
 * destinations in the kernel's list order: newest first.
 */
public record Service(VirtualService service, Stats stats, List<Destination> destinations) {

  public Service {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(stats, "stats");
    destinations = List.copyOf(destinations);
  }

  public ServiceId id() {
    return service.id();
  }
}
