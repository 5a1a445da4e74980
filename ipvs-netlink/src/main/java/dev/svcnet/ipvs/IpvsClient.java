package dev.svcnet.ipvs;

import dev.svcnet.ipvs.internal.NetlinkIpvsClient;
import dev.svcnet.netlink.NetlinkException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The kernel's IPVS table over generic netlink. A client belongs to the network namespace of the
 * thread that opened it, as do its three sockets. Thread-safe: requests and single reads share
 * one socket and are serialised; streaming dumps run one at a time on the other two, so a dump
 * does not hold up other threads' requests.
 *
 * <p>Every argument is validated before anything is sent. Kernel refusals come as the typed
 * {@link IpvsException} subclasses.
 */
public interface IpvsClient extends AutoCloseable {

  /**
   * Opens a client in the calling thread's network namespace (asking the kernel for the IPVS
   * family, which loads {@code ip_vs} if it can).
   *
   * @throws IpvsException.Unavailable if the kernel has no IPVS
   */
  static IpvsClient open() throws NetlinkException {
    return NetlinkIpvsClient.open();
  }

  IpvsInfo info() throws NetlinkException;

  void addService(VirtualService service) throws NetlinkException;

  /** Changes scheduler, flags, timeout, netmask or persistence engine of an existing service. */
  void updateService(VirtualService service) throws NetlinkException;

  void deleteService(ServiceId id) throws NetlinkException;

  /** The service with its statistics (no destinations), or empty if it does not exist. */
  Optional<Service> service(ServiceId id) throws NetlinkException;

  /** Every service with its statistics (no destinations), in the kernel's dump order. */
  List<Service> services() throws NetlinkException;

  /** The service's destinations, newest first (the kernel's order). Empty if none or no service. */
  List<Destination> destinations(ServiceId id) throws NetlinkException;

  /** Every service with its destinations: one service dump plus one destination dump each. */
  List<Service> dump() throws NetlinkException;

  /**
   * The same table as {@link #dump()}, streamed: {@code each} gets one service with its
   * destinations at a time, in the same order, as soon as its destinations are read, and nothing
   * of it is kept afterwards: the memory a dump needs does not grow with the table. {@code each}
   * may call this client, even dump again.
   *
   * <p>Like every netlink dump (and ipvsadm's), it is not a snapshot: a service added or deleted
   * while it runs may or may not appear (a deleted one with no destinations), and since the
   * kernel resumes its service dump by position, a deletion can also make the dump miss another
   * service; the dump after the changes is complete. If {@code each} throws, the dump stops and
   * the exception is rethrown; if the dump fails (e.g. {@link
   * dev.svcnet.netlink.NetlinkOverrunException}: retry), the services handed over so far were
   * only part of the table.
   */
  default void dump(Consumer<? super Service> each) throws NetlinkException {
    for (Service service : dump()) {
      each.accept(service);
    }
  }

  void addDestination(ServiceId service, RealServer server) throws NetlinkException;

  void updateDestination(ServiceId service, RealServer server) throws NetlinkException;

  void deleteDestination(ServiceId service, RealServer server) throws NetlinkException;

  /**
   * Applies the operations in order with few system calls.
   *
   * @throws IpvsBatchException listing every operation that failed (the rest took effect)
   */
  void apply(List<IpvsOperation> operations) throws NetlinkException;

  /** Deletes every service (and destination) of the namespace. */
  void flush() throws NetlinkException;

  /** Zeroes the counters of one service, or of everything when {@code id} is empty. */
  void zero(Optional<ServiceId> id) throws NetlinkException;

  Timeouts timeouts() throws NetlinkException;

  /** Sets the timeouts; a 0 field leaves that timeout unchanged. */
  void setTimeouts(Timeouts timeouts) throws NetlinkException;

  void startDaemon(SyncDaemon daemon) throws NetlinkException;

  void stopDaemon(SyncDaemon.State state) throws NetlinkException;

  List<SyncDaemon> daemons() throws NetlinkException;

  @Override
  void close();
}
