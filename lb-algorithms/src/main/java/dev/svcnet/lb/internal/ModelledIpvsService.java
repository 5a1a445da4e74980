package dev.svcnet.lb.internal;

import dev.svcnet.lb.DestinationConfig;
import dev.svcnet.lb.DestinationStatus;
import dev.svcnet.lb.Endpoint;
import dev.svcnet.lb.InvalidValueException;
import dev.svcnet.lb.IpvsConnection;
import dev.svcnet.lb.IpvsService;
import dev.svcnet.lb.IpvsServiceConfig;
import dev.svcnet.lb.IpvsStateException;
import dev.svcnet.lb.Packet;
import dev.svcnet.lb.Protocol;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service model behind {@link IpvsService}: the destination list (newest first), the trash of
 * removed destinations, bound connections and their counters, and the scheduler's hooks, in the
 * order {@code ip_vs_ctl.c} and {@code ip_vs_conn.c} run them.
 */
public final class ModelledIpvsService implements IpvsService {

  private static final class Bound {
    final Dest dest;
    final Protocol protocol;
    boolean inactive;

    Bound(Dest dest, Protocol protocol, boolean inactive) {
      this.dest = dest;
      this.protocol = protocol;
      this.inactive = inactive;
    }
  }

  private final IpvsServiceConfig config;
  private final Scheduler scheduler;
  private final List<Dest> dests = new ArrayList<>();
  private final Map<Endpoint, Dest> trash = new HashMap<>();
  private final Map<Long, Bound> connections = new HashMap<>();
  private long nextConnectionId;

  public ModelledIpvsService(IpvsServiceConfig config) {
    this.config = notNull(config, "config");
    this.scheduler = Schedulers.create(config);
  }

  @Override
  public IpvsServiceConfig config() {
    return config;
  }

  @Override
  public void addDestination(DestinationConfig destination) {
    notNull(destination, "destination");
    Endpoint endpoint = destination.endpoint();
    if (endpoint.family() != config.family()) {
      throw new InvalidValueException("address", "destination " + endpoint
          + " is not in the service's address family " + config.family());
    }
    if (find(endpoint) >= 0) {
      throw new IpvsStateException("EEXIST", "destination " + endpoint + " already exists");
    }
    Dest dest = trash.remove(endpoint);
    if (dest == null) {
      dest = new Dest(endpoint);
    }
    apply(dest, destination, true);
    dests.add(0, dest);
    scheduler.added(dests, dest);
  }

  @Override
  public void updateDestination(DestinationConfig destination) {
    notNull(destination, "destination");
    int index = find(destination.endpoint());
    if (index < 0) {
      throw noSuchDestination(destination.endpoint());
    }
    Dest dest = dests.get(index);
    apply(dest, destination, false);
    scheduler.updated(dests, dest);
  }

  /**
   * {@code __ip_vs_update_dest}: weight, last weight, thresholds and the overload flag. The flag is
   * re-evaluated only when a threshold changes (Debian's 6.1.192, checked pick for pick under
   * QEMU: raising the upper threshold does not clear it while the connections are still at or
   * above the lower one; lowering the upper threshold to the connections or below sets it).
   */
  private static void apply(Dest dest, DestinationConfig config, boolean add) {
    dest.weight = config.weight();
    if (add || config.weight() != 0) {
      dest.lastWeight = config.weight();
    }
    dest.available = true;
    if (config.upperThreshold() != dest.upperThreshold
        || config.lowerThreshold() != dest.lowerThreshold) {
      dest.upperThreshold = config.upperThreshold();
      dest.lowerThreshold = config.lowerThreshold();
      int upper = config.upperThreshold();
      dest.lowerThresholdValue = config.lowerThreshold() != 0 ? config.lowerThreshold()
          : upper - (upper >> 2);
      updateOverload(dest, 0);
    }
  }

  /**
   * {@code __ip_vs_dest_update_overload}: at or above the upper threshold (the lower one when a
   * connection was just bound) the destination is overloaded; below the lower threshold (the
   * upper one when a connection was just unbound) it is not; in between it stays as it was.
   *
   * @param mode 1 after binding, -1 after unbinding, 0 after a threshold edit
   */
  private static void updateOverload(Dest dest, int mode) {
    if (dest.upperThreshold == 0) {
      dest.overloaded = false;
      return;
    }
    long conns = dest.totalConns();
    long upper = Integer.toUnsignedLong(dest.upperThreshold);
    long lower = Integer.toUnsignedLong(dest.lowerThresholdValue);
    if (conns >= (mode > 0 ? lower : upper)) {
      dest.overloaded = true;
      return;
    }
    if (conns >= (mode < 0 ? upper : lower)) {
      return;
    }
    dest.overloaded = false;
  }

  @Override
  public void removeDestination(Endpoint destination) {
    notNull(destination, "destination");
    int index = find(destination);
    if (index < 0) {
      throw noSuchDestination(destination);
    }
    Dest dest = dests.remove(index);
    dest.available = false;
    trash.put(destination, dest);
    scheduler.removed(dests, dest, index);
  }

  @Override
  public List<DestinationStatus> destinations() {
    List<DestinationStatus> result = new ArrayList<>(dests.size());
    for (Dest dest : dests) {
      result.add(dest.status());
    }
    return List.copyOf(result);
  }

  @Override
  public Endpoint schedule(Packet packet) {
    checkFamily(packet);
    Dest dest = scheduler.schedule(dests, packet);
    return dest == null ? null : dest.endpoint;
  }

  private void checkFamily(Packet packet) {
    notNull(packet, "packet");
    if (packet.client().family() != config.family()) {
      throw new InvalidValueException("client", "client " + packet.client()
          + " is not in the service's address family " + config.family());
    }
  }

  @Override
  public Optional<IpvsConnection> open(Packet packet) {
    checkFamily(packet);
    Dest dest = scheduler.schedule(dests, packet);
    if (dest == null) {
      return Optional.empty();
    }
    // ip_vs_bind_dest: a new connection carries IP_VS_CONN_F_INACTIVE (from the destination's
    // conn_flags) and is counted inactive; the same packet's state transition then runs.
    dest.inactiveConns++;
    // ip_vs_bind_dest: reaching the upper threshold exactly re-evaluates the overload flag.
    if (dest.totalConns() == dest.upperThreshold) {
      updateOverload(dest, 1);
    }
    boolean inactive = !ConnectionStates.activeAfterFirstPacket(packet.protocol());
    if (!inactive) {
      dest.inactiveConns--;
      dest.activeConns++;
    }
    scheduler.countersChanged(dests, dest);
    long id = nextConnectionId++;
    connections.put(id, new Bound(dest, packet.protocol(), inactive));
    return Optional.of(new IpvsConnection(id, packet, dest.endpoint));
  }

  @Override
  public void established(IpvsConnection connection) {
    Bound bound = bound(connection);
    if (bound.inactive && ConnectionStates.hasStates(bound.protocol)) {
      bound.inactive = false;
      bound.dest.inactiveConns--;
      bound.dest.activeConns++;
      scheduler.countersChanged(dests, bound.dest);
    }
  }

  @Override
  public void closing(IpvsConnection connection) {
    Bound bound = bound(connection);
    if (!bound.inactive) {
      bound.inactive = true;
      bound.dest.activeConns--;
      bound.dest.inactiveConns++;
      scheduler.countersChanged(dests, bound.dest);
    }
  }

  @Override
  public void close(IpvsConnection connection) {
    Bound bound = bound(connection);
    connections.remove(connection.id());
    Dest dest = bound.dest;
    if (bound.inactive) {
      dest.inactiveConns--;
    } else {
      dest.activeConns--;
    }
    // ip_vs_unbind_dest: leaving the lower threshold exactly re-evaluates the overload flag.
    if (dest.totalConns() + 1 == dest.lowerThresholdValue) {
      updateOverload(dest, -1);
    }
    scheduler.countersChanged(dests, dest);
  }

  private Bound bound(IpvsConnection connection) {
    notNull(connection, "connection");
    Bound bound = connections.get(connection.id());
    if (bound == null || bound.dest.endpoint != connection.destination()
        && !bound.dest.endpoint.equals(connection.destination())) {
      throw new IpvsStateException("ENOENT", "no open connection " + connection.id()
          + " to " + connection.destination() + " in this service");
    }
    return bound;
  }

  private int find(Endpoint endpoint) {
    for (int i = 0; i < dests.size(); i++) {
      if (dests.get(i).endpoint.equals(endpoint)) {
        return i;
      }
    }
    return -1;
  }

  private static IpvsStateException noSuchDestination(Endpoint endpoint) {
    return new IpvsStateException("ENOENT", "no destination " + endpoint);
  }

  /** The scheduler, for tests in this package. */
  Scheduler scheduler() {
    return scheduler;
  }

  private static <T> T notNull(T value, String field) {
    if (value == null) {
      throw new InvalidValueException(field, "must not be null");
    }
    return value;
  }
}
