package dev.svcnet.ipvs.fake;

import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.IpvsBatchException;
import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.ipvs.IpvsException;
import dev.svcnet.ipvs.IpvsInfo;
import dev.svcnet.ipvs.IpvsOperation;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.Stats;
import dev.svcnet.ipvs.SyncDaemon;
import dev.svcnet.ipvs.Timeouts;
import dev.svcnet.ipvs.VirtualService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory IPVS table behind the {@link IpvsClient} interface, for tests and dry runs: the
 * kernel's bookkeeping without packets. It keeps what the kernel keeps and refuses what it
 * refuses, with the same exception types: adding an existing service ({@code ServiceExists}) or
 * destination ({@code DestinationExists}), touching a missing service ({@code NoSuchService}) or
 * destination ({@code NoSuchDestination}). New destinations go to the head of their service's
 * list, as in the kernel. Counters and statistics stay zero.
 *
 * <p>Scheduler and persistence-engine names must be ones the kernel has: by default those Debian's
 * kernel builds as modules ({@link #DEBIAN_SCHEDULERS}, {@code none}, and the {@code sip}
 * engine); others are refused with {@code UnknownScheduler}, after the existence checks, as the
 * kernel orders them.
 *
 * <p>Not modelled: destinations kept in the kernel's trash after deletion, local addresses turning into
 * {@code Local} forwarding, and connection state. Thread-safe (every call is synchronized).
 */
public final class FakeIpvsClient implements IpvsClient {
  private static final int EEXIST = 17;
  private static final int ESRCH = 3;
  private static final int ENOENT = 2;

  /** The schedulers Debian's kernel ships as modules (no {@code twos}). */
  public static final java.util.Set<String> DEBIAN_SCHEDULERS = java.util.Set.of("rr", "wrr",
      "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh");

  private final java.util.Set<String> schedulers;
  private final Map<ServiceId, VirtualService> services = new LinkedHashMap<>();
  private final Map<ServiceId, List<RealServer>> destinations = new LinkedHashMap<>();
  private final List<SyncDaemon> daemons = new ArrayList<>();
  private Timeouts timeouts = new Timeouts(900, 120, 300);
  private final List<IpvsOperation> applied = new ArrayList<>();

  /** An empty table of a kernel with Debian's schedulers. */
  public FakeIpvsClient() {
    this(DEBIAN_SCHEDULERS);
  }

  /** An empty table of a kernel that has exactly {@code schedulers} (and {@code none}). */
  public FakeIpvsClient(java.util.Set<String> schedulers) {
    this.schedulers = java.util.Set.copyOf(schedulers);
  }

  private void knownModules(VirtualService service) throws IpvsException {
    boolean scheduler = service.scheduler().equals("none")
        || schedulers.contains(service.scheduler());
    boolean engine = service.persistenceEngine() == null
        || service.persistenceEngine().equals("sip");
    if (!scheduler || !engine) {
      throw new IpvsException.UnknownScheduler(service.id()
          + ": scheduler or persistence engine not found", ENOENT, null);
    }
  }

  /** A table holding {@code state} (statistics and counters are dropped). */
  public static FakeIpvsClient of(List<Service> state) throws IpvsException {
    FakeIpvsClient fake = new FakeIpvsClient();
    for (Service service : state) {
      fake.addService(service.service());
      List<Destination> reversed = new ArrayList<>(service.destinations());
      java.util.Collections.reverse(reversed); // added oldest first, so listed in the same order
      for (Destination destination : reversed) {
        fake.addDestination(service.id(), destination.server());
      }
    }
    fake.applied.clear();
    return fake;
  }

  /** Every operation that took effect, in order (failed ones are not recorded). */
  public synchronized List<IpvsOperation> applied() {
    return List.copyOf(applied);
  }

  @Override
  public IpvsInfo info() {
    return new IpvsInfo(0x010201, 4096);
  }

  @Override
  public synchronized void addService(VirtualService service) throws IpvsException {
    apply(new IpvsOperation.AddService(service));
  }

  @Override
  public synchronized void updateService(VirtualService service) throws IpvsException {
    apply(new IpvsOperation.UpdateService(service));
  }

  @Override
  public synchronized void deleteService(ServiceId id) throws IpvsException {
    apply(new IpvsOperation.DeleteService(id));
  }

  @Override
  public synchronized Optional<Service> service(ServiceId id) {
    VirtualService settings = services.get(id);
    return settings == null ? Optional.empty()
        : Optional.of(new Service(settings, Stats.ZERO, List.of()));
  }

  @Override
  public synchronized List<Service> services() {
    List<Service> out = new ArrayList<>();
    for (VirtualService settings : services.values()) {
      out.add(new Service(settings, Stats.ZERO, List.of()));
    }
    return out;
  }

  @Override
  public synchronized List<Destination> destinations(ServiceId id) {
    List<Destination> out = new ArrayList<>();
    for (RealServer server : destinations.getOrDefault(id, List.of())) {
      out.add(new Destination(server, 0, 0, 0, Stats.ZERO));
    }
    return out;
  }

  @Override
  public synchronized List<Service> dump() {
    List<Service> out = new ArrayList<>();
    for (VirtualService settings : services.values()) {
      out.add(new Service(settings, Stats.ZERO, destinations(settings.id())));
    }
    return out;
  }

  @Override
  public synchronized void addDestination(ServiceId service, RealServer server)
      throws IpvsException {
    apply(new IpvsOperation.AddDestination(service, server));
  }

  @Override
  public synchronized void updateDestination(ServiceId service, RealServer server)
      throws IpvsException {
    apply(new IpvsOperation.UpdateDestination(service, server));
  }

  @Override
  public synchronized void deleteDestination(ServiceId service, RealServer server)
      throws IpvsException {
    apply(new IpvsOperation.DeleteDestination(service, server));
  }

  /** Applies every operation, going on after failures as the kernel does with a batch. */
  @Override
  public synchronized void apply(List<IpvsOperation> operations) throws IpvsBatchException {
    List<IpvsBatchException.Failure> failures = new ArrayList<>();
    for (int i = 0; i < operations.size(); i++) {
      try {
        apply(operations.get(i));
      } catch (IpvsException e) {
        failures.add(new IpvsBatchException.Failure(i, operations.get(i), e));
      }
    }
    if (!failures.isEmpty()) {
      throw new IpvsBatchException(failures);
    }
  }

  /** Applies one operation or refuses it as the kernel would, leaving the table unchanged. */
  public synchronized void apply(IpvsOperation operation) throws IpvsException {
    if (operation instanceof IpvsOperation.AddService add) {
      if (services.containsKey(add.service().id())) {
        throw new IpvsException.ServiceExists(add.service().id() + ": service exists", EEXIST,
            null);
      }
      knownModules(add.service());
      services.put(add.service().id(), add.service());
      destinations.put(add.service().id(), new ArrayList<>());
    } else if (operation instanceof IpvsOperation.UpdateService update) {
      existing(update.service().id());
      knownModules(update.service());
      services.put(update.service().id(), update.service());
    } else if (operation instanceof IpvsOperation.DeleteService delete) {
      existing(delete.id());
      services.remove(delete.id());
      destinations.remove(delete.id());
    } else if (operation instanceof IpvsOperation.AddDestination add) {
      List<RealServer> list = destinationsOf(add.service());
      if (indexOf(list, add.server()) >= 0) {
        throw new IpvsException.DestinationExists(add.service() + " " + add.server()
            + ": destination exists", EEXIST, null);
      }
      list.add(0, add.server());
    } else if (operation instanceof IpvsOperation.UpdateDestination update) {
      List<RealServer> list = destinationsOf(update.service());
      list.set(existing(list, update.service(), update.server()), update.server());
    } else if (operation instanceof IpvsOperation.DeleteDestination delete) {
      List<RealServer> list = destinationsOf(delete.service());
      list.remove(existing(list, delete.service(), delete.server()));
    } else if (operation instanceof IpvsOperation.Flush) {
      services.clear();
      destinations.clear();
    } else {
      throw new IllegalArgumentException("unknown operation " + operation);
    }
    applied.add(operation);
  }

  private void existing(ServiceId id) throws IpvsException.NoSuchService {
    if (!services.containsKey(id)) {
      throw new IpvsException.NoSuchService(id + ": no such service", ESRCH, null);
    }
  }

  private List<RealServer> destinationsOf(ServiceId id) throws IpvsException.NoSuchService {
    existing(id);
    return destinations.get(id);
  }

  private static int existing(List<RealServer> list, ServiceId service, RealServer server)
      throws IpvsException.NoSuchDestination {
    int index = indexOf(list, server);
    if (index < 0) {
      throw new IpvsException.NoSuchDestination(service + " " + server
          + ": no such destination", ENOENT, null);
    }
    return index;
  }

  private static int indexOf(List<RealServer> list, RealServer server) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).sameEndpoint(server)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public synchronized void flush() throws IpvsException {
    apply(new IpvsOperation.Flush());
  }

  /** Counters are always zero here; zeroing checks only that the service exists. */
  @Override
  public synchronized void zero(Optional<ServiceId> id) throws IpvsException {
    if (id.isPresent()) {
      existing(id.get());
    }
  }

  @Override
  public synchronized Timeouts timeouts() {
    return timeouts;
  }

  @Override
  public synchronized void setTimeouts(Timeouts newTimeouts) {
    timeouts = new Timeouts(
        newTimeouts.tcpSeconds() != 0 ? newTimeouts.tcpSeconds() : timeouts.tcpSeconds(),
        newTimeouts.tcpFinSeconds() != 0 ? newTimeouts.tcpFinSeconds() : timeouts.tcpFinSeconds(),
        newTimeouts.udpSeconds() != 0 ? newTimeouts.udpSeconds() : timeouts.udpSeconds());
  }

  /** Starts a daemon; a second daemon of the same state is refused with EEXIST. */
  @Override
  public synchronized void startDaemon(SyncDaemon daemon) throws IpvsException {
    for (SyncDaemon running : daemons) {
      if (running.state() == daemon.state()) {
        throw new IpvsException("sync daemon " + daemon.state() + " is running", EEXIST, null,
            null);
      }
    }
    daemons.add(daemon);
    daemons.sort(java.util.Comparator.comparing(SyncDaemon::state));
  }

  /** Stops the daemon of that state; stopping one that does not run is refused with ESRCH. */
  @Override
  public synchronized void stopDaemon(SyncDaemon.State state) throws IpvsException {
    if (!daemons.removeIf(d -> d.state() == state)) {
      throw new IpvsException("no " + state + " sync daemon", ESRCH, null, null);
    }
  }

  @Override
  public synchronized List<SyncDaemon> daemons() {
    return List.copyOf(daemons);
  }

  @Override
  public void close() {}
}
