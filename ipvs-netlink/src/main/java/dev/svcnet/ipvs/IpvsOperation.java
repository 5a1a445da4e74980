package dev.svcnet.ipvs;

import java.util.Objects;

/** One change to the IPVS table, for {@link IpvsClient#apply} batches. */
public sealed interface IpvsOperation {

  record AddService(VirtualService service) implements IpvsOperation {
    public AddService {
      Objects.requireNonNull(service, "service");
    }
  }

  record UpdateService(VirtualService service) implements IpvsOperation {
    public UpdateService {
      Objects.requireNonNull(service, "service");
    }
  }

  record DeleteService(ServiceId id) implements IpvsOperation {
    public DeleteService {
      Objects.requireNonNull(id, "id");
    }
  }

  record AddDestination(ServiceId service, RealServer server) implements IpvsOperation {
    public AddDestination {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(server, "server");
      Compatibility.check(service, server);
    }
  }

  record UpdateDestination(ServiceId service, RealServer server) implements IpvsOperation {
    public UpdateDestination {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(server, "server");
      Compatibility.check(service, server);
    }
  }

  record DeleteDestination(ServiceId service, RealServer server) implements IpvsOperation {
    public DeleteDestination {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(server, "server");
    }
  }

  /** Deletes every service of the namespace. */
  record Flush() implements IpvsOperation {}
}
