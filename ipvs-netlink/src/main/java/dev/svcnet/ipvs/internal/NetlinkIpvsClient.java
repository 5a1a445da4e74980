package dev.svcnet.ipvs.internal;

import static dev.svcnet.ipvs.internal.IpvsWire.*;

import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.IpvsBatchException;
import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.ipvs.IpvsException;
import dev.svcnet.ipvs.IpvsInfo;
import dev.svcnet.ipvs.IpvsOperation;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceId;
import dev.svcnet.ipvs.SyncDaemon;
import dev.svcnet.ipvs.Timeouts;
import dev.svcnet.ipvs.VirtualService;
import dev.svcnet.netlink.Attributes;
import dev.svcnet.netlink.BatchOutcome;
import dev.svcnet.netlink.Errno;
import dev.svcnet.netlink.MalformedMessageException;
import dev.svcnet.netlink.MessageBuilder;
import dev.svcnet.netlink.NetlinkException;
import dev.svcnet.netlink.NetlinkMessage;
import dev.svcnet.netlink.NetlinkOverrunException;
import dev.svcnet.netlink.NetlinkRequest;
import dev.svcnet.netlink.NetlinkSocket;
import dev.svcnet.netlink.NetlinkTimeoutException;
import dev.svcnet.netlink.Netlink;
import dev.svcnet.netlink.genl.GenericNetlink;
import dev.svcnet.netlink.genl.GenlFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * {@link IpvsClient} over three generic netlink sockets, all opened in the caller's namespace:
 * one for requests and single reads, and a pair for the streaming dump, which reads the kernel's
 * service dump on one while it dumps each service's destinations on the other (a socket runs one
 * dump at a time), so that no more than one service is held at once.
 */
public final class NetlinkIpvsClient implements IpvsClient {

  private static final int GENL_HEADER = GenericNetlink.GENL_HEADER_LENGTH;

  private final GenericNetlink genl;
  private final GenlFamily family;
  /**
   * What the destination socket receives at once. A destination's message is under 400 bytes,
   * so a service's ten destinations fit one 7,680-byte datagram, which the kernel allocates from
   * its 8 KiB slab; with the default 64 KiB receives it allocates 32 KiB pages for every
   * service's dump step, which made a 1,000-service dump about a third slower
   * (docs/benchmarks/ipvs.md, run 6). Where pages are larger than 4 KiB the kernel's smallest
   * dump datagram is 8 KiB, and the socket raises the size to that. The service dump keeps large
   * datagrams: the kernel resumes it by walking the table from its start, once per datagram.
   */
  static final int DESTINATION_DATAGRAM_BYTES = 7680;

  /** The streaming dump's sockets: the service dump runs on the first, destinations on the second. */
  private final NetlinkSocket serviceDumps;
  private final NetlinkSocket destinationDumps;
  /** Held for a whole streaming dump: one dump at a time uses the pair. */
  private final ReentrantLock dumpPair = new ReentrantLock();

  private NetlinkIpvsClient(GenericNetlink genl, GenlFamily family, NetlinkSocket serviceDumps,
      NetlinkSocket destinationDumps) {
    this.genl = genl;
    this.family = family;
    this.serviceDumps = serviceDumps;
    this.destinationDumps = destinationDumps;
  }

  public static IpvsClient open() throws NetlinkException {
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      GenericNetlink genl = GenericNetlink.open();
      opened.add(genl);
      GenlFamily family = genl.family(FAMILY);
      NetlinkSocket serviceDumps = NetlinkSocket.open(Netlink.NETLINK_GENERIC);
      opened.add(serviceDumps);
      NetlinkSocket destinationDumps = NetlinkSocket.open(Netlink.NETLINK_GENERIC,
          NetlinkSocket.DEFAULT_TIMEOUT, DESTINATION_DATAGRAM_BYTES);
      return new NetlinkIpvsClient(genl, family, serviceDumps, destinationDumps);
    } catch (NetlinkException e) {
      for (AutoCloseable socket : opened) {
        closeQuietly(socket);
      }
      if (e.errno() == Errno.ENOENT) {
        throw new IpvsException.Unavailable("this kernel has no IPVS (generic netlink family"
            + " 'IPVS' missing; load the ip_vs module)", e.errno(), e);
      }
      throw e;
    }
  }

  private static void closeQuietly(AutoCloseable socket) {
    try {
      socket.close();
    } catch (Exception ignored) {
      // Closing a netlink socket does not fail in a way the caller could act on.
    }
  }

  private MessageBuilder request(int command) {
    return genl.request(family, command, 0);
  }

  /** A typed exception for the kernel's answer to {@code command} about {@code subject}. */
  static IpvsException typed(NetlinkException e, int command, String what) {
    String message = what + " failed";
    return switch (e.errno()) {
      case Errno.EEXIST -> command == CMD_NEW_DEST
          ? new IpvsException.DestinationExists(what + ": destination already exists", e.errno(), e)
          : new IpvsException.ServiceExists(what + ": service already exists", e.errno(), e);
      case Errno.ESRCH -> new IpvsException.NoSuchService(what + ": no such service", e.errno(), e);
      case Errno.ENOENT -> command == CMD_SET_DEST || command == CMD_DEL_DEST
          ? new IpvsException.NoSuchDestination(what + ": no such destination", e.errno(), e)
          : new IpvsException.UnknownScheduler(
              what + ": scheduler or persistence engine not found", e.errno(), e);
      case Errno.EPERM -> new IpvsException.PermissionDenied(
          what + ": permission denied (needs CAP_NET_ADMIN)", e.errno(), e);
      default -> new IpvsException(message, e.errno(), e.extAck(), e);
    };
  }

  private List<NetlinkMessage> execute(NetlinkRequest request, int command, String what)
      throws NetlinkException {
    try {
      return genl.socket().execute(request);
    } catch (NetlinkException e) {
      if (e instanceof MalformedMessageException || e.errno() == 0) {
        throw e;
      }
      throw typed(e, command, what);
    }
  }

  @Override
  public IpvsInfo info() throws NetlinkException {
    List<NetlinkMessage> replies = execute(request(CMD_GET_INFO).build(), CMD_GET_INFO, "info");
    Attributes attributes = single(replies, "info").attributes(GENL_HEADER);
    return new IpvsInfo(attributes.u32(INFO_VERSION), attributes.u32(INFO_CONN_TAB_SIZE));
  }

  @Override
  public void addService(VirtualService service) throws NetlinkException {
    execute(serviceRequest(CMD_NEW_SERVICE, service), CMD_NEW_SERVICE, "adding " + service.id());
  }

  @Override
  public void updateService(VirtualService service) throws NetlinkException {
    execute(serviceRequest(CMD_SET_SERVICE, service), CMD_SET_SERVICE, "updating " + service.id());
  }

  @Override
  public void deleteService(ServiceId id) throws NetlinkException {
    execute(idRequest(CMD_DEL_SERVICE, id), CMD_DEL_SERVICE, "deleting " + id);
  }

  @Override
  public Optional<Service> service(ServiceId id) throws NetlinkException {
    Objects.requireNonNull(id, "id");
    try {
      List<NetlinkMessage> replies = execute(idRequest(CMD_GET_SERVICE, id), CMD_GET_SERVICE,
          "getting " + id);
      return Optional.of(IpvsCodec.service(single(replies, "service").attributes(GENL_HEADER)
          .nested(CMD_ATTR_SERVICE)));
    } catch (IpvsException.NoSuchService e) {
      return Optional.empty();
    }
  }

  @Override
  public List<Service> services() throws NetlinkException {
    List<Service> services = new ArrayList<>();
    try {
      genl.socket().dump(request(CMD_GET_SERVICE).build(), GENL_HEADER, (type, attributes) ->
          services.add(IpvsCodec.service(attributes.nested(CMD_ATTR_SERVICE))));
    } catch (NetlinkException e) {
      throw rethrow(e, CMD_GET_SERVICE, "listing services");
    }
    return services;
  }

  @Override
  public List<Destination> destinations(ServiceId id) throws NetlinkException {
    Objects.requireNonNull(id, "id");
    return destinations(genl.socket(), id);
  }

  private List<Destination> destinations(NetlinkSocket socket, ServiceId id)
      throws NetlinkException {
    List<Destination> destinations = new ArrayList<>();
    try {
      boolean ipv6 = id.ipv6();
      socket.dump(idRequest(CMD_GET_DEST, id), GENL_HEADER, (type, attributes) ->
          destinations.add(IpvsCodec.destination(attributes.nested(CMD_ATTR_DEST), ipv6)));
    } catch (NetlinkException e) {
      throw rethrow(e, CMD_GET_DEST, "listing destinations of " + id);
    }
    return destinations;
  }

  @Override
  public List<Service> dump() throws NetlinkException {
    List<Service> all = new ArrayList<>();
    dump(all::add);
    return all;
  }

  /**
   * Reads the kernel's service dump on one socket and, for each service as it is decoded, dumps
   * its destinations on the other and hands both over before the next service is decoded: the
   * kernel fills the next service datagram only when this one has been read, so one datagram
   * and one service are held at a time, whatever the size of the table. A consumer that dumps
   * again from inside {@code each} (the pair is busy on its own thread) gets the two-phase dump
   * on the request socket instead; other threads wait for the pair.
   */
  @Override
  public void dump(Consumer<? super Service> each) throws NetlinkException {
    Objects.requireNonNull(each, "each");
    if (dumpPair.isHeldByCurrentThread()) {
      for (Service service : services()) {
        each.accept(withDestinations(service, destinations(genl.socket(), service.id())));
      }
      return;
    }
    NetlinkException[] destinationFailure = new NetlinkException[1];
    dumpPair.lock();
    try {
      serviceDumps.dump(request(CMD_GET_SERVICE).build(), GENL_HEADER, (type, attributes) -> {
        Service service = IpvsCodec.service(attributes.nested(CMD_ATTR_SERVICE));
        List<Destination> destinations;
        try {
          destinations = destinations(destinationDumps, service.id());
        } catch (NetlinkException e) {
          destinationFailure[0] = e;
          throw e;
        }
        each.accept(withDestinations(service, destinations));
      });
    } catch (NetlinkException e) {
      // A failed destination dump already names the service it was for.
      throw e == destinationFailure[0] ? e : rethrow(e, CMD_GET_SERVICE, "listing services");
    } finally {
      dumpPair.unlock();
    }
  }

  private static Service withDestinations(Service service, List<Destination> destinations) {
    return new Service(service.service(), service.stats(), destinations);
  }

  @Override
  public void addDestination(ServiceId service, RealServer server) throws NetlinkException {
    IpvsOperation.AddDestination op = new IpvsOperation.AddDestination(service, server);
    execute(encode(op), CMD_NEW_DEST, "adding " + server + " to " + service);
  }

  @Override
  public void updateDestination(ServiceId service, RealServer server) throws NetlinkException {
    IpvsOperation.UpdateDestination op = new IpvsOperation.UpdateDestination(service, server);
    execute(encode(op), CMD_SET_DEST, "updating " + server + " of " + service);
  }

  @Override
  public void deleteDestination(ServiceId service, RealServer server) throws NetlinkException {
    IpvsOperation.DeleteDestination op = new IpvsOperation.DeleteDestination(service, server);
    execute(encode(op), CMD_DEL_DEST, "deleting " + server + " from " + service);
  }

  @Override
  public void apply(List<IpvsOperation> operations) throws NetlinkException {
    List<NetlinkRequest> requests = new ArrayList<>(operations.size());
    for (IpvsOperation operation : operations) {
      requests.add(encode(Objects.requireNonNull(operation, "operation")));
    }
    List<BatchOutcome> outcomes = genl.socket().executeBatch(requests);
    List<IpvsBatchException.Failure> failures = new ArrayList<>();
    for (BatchOutcome outcome : outcomes) {
      if (!outcome.succeeded()) {
        IpvsOperation operation = operations.get(outcome.index());
        failures.add(new IpvsBatchException.Failure(outcome.index(), operation,
            typed(outcome.error(), command(operation), describe(operation))));
      }
    }
    if (!failures.isEmpty()) {
      throw new IpvsBatchException(failures);
    }
  }

  @Override
  public void flush() throws NetlinkException {
    execute(request(CMD_FLUSH).build(), CMD_FLUSH, "flush");
  }

  @Override
  public void zero(Optional<ServiceId> id) throws NetlinkException {
    NetlinkRequest request = id.isPresent() ? idRequest(CMD_ZERO, id.get())
        : request(CMD_ZERO).build();
    execute(request, CMD_ZERO, "zeroing " + id.map(Object::toString).orElse("all counters"));
  }

  @Override
  public Timeouts timeouts() throws NetlinkException {
    List<NetlinkMessage> replies = execute(request(CMD_GET_CONFIG).build(), CMD_GET_CONFIG,
        "getting timeouts");
    Attributes attributes = single(replies, "config").attributes(GENL_HEADER);
    return new Timeouts(
        attributes.has(CMD_ATTR_TIMEOUT_TCP) ? attributes.u32(CMD_ATTR_TIMEOUT_TCP) : 0,
        attributes.has(CMD_ATTR_TIMEOUT_TCP_FIN) ? attributes.u32(CMD_ATTR_TIMEOUT_TCP_FIN) : 0,
        attributes.u32(CMD_ATTR_TIMEOUT_UDP));
  }

  @Override
  public void setTimeouts(Timeouts timeouts) throws NetlinkException {
    execute(request(CMD_SET_CONFIG)
        .u32(CMD_ATTR_TIMEOUT_TCP, timeouts.tcpSeconds())
        .u32(CMD_ATTR_TIMEOUT_TCP_FIN, timeouts.tcpFinSeconds())
        .u32(CMD_ATTR_TIMEOUT_UDP, timeouts.udpSeconds())
        .build(), CMD_SET_CONFIG, "setting timeouts");
  }

  @Override
  public void startDaemon(SyncDaemon daemon) throws NetlinkException {
    MessageBuilder builder = request(CMD_NEW_DAEMON);
    IpvsCodec.daemon(builder, daemon);
    execute(builder.build(), CMD_NEW_DAEMON, "starting " + daemon.state() + " sync daemon");
  }

  @Override
  public void stopDaemon(SyncDaemon.State state) throws NetlinkException {
    NetlinkRequest request = request(CMD_DEL_DAEMON).beginNested(CMD_ATTR_DAEMON)
        .u32(DAEMON_STATE, state.code()).endNested().build();
    execute(request, CMD_DEL_DAEMON, "stopping " + state + " sync daemon");
  }

  @Override
  public List<SyncDaemon> daemons() throws NetlinkException {
    List<SyncDaemon> daemons = new ArrayList<>();
    genl.socket().dump(request(CMD_GET_DAEMON).build(), message -> daemons.add(
        IpvsCodec.daemon(message.attributes(GENL_HEADER).nested(CMD_ATTR_DAEMON))));
    return daemons;
  }

  /**
   * The kernel's refusal of a read as a typed exception naming {@code what} was asked. Lost
   * replies and timeouts keep their own types (the caller retries those), with {@code what}
   * added to the message; an exception already naming its request passes through unchanged.
   */
  private NetlinkException rethrow(NetlinkException e, int command, String what) {
    if (e instanceof MalformedMessageException || e.errno() == 0 || e instanceof IpvsException) {
      return e;
    }
    if (e instanceof NetlinkOverrunException) {
      NetlinkOverrunException named = new NetlinkOverrunException(what + ": " + e.getMessage(),
          e.errno());
      named.initCause(e);
      return named;
    }
    if (e instanceof NetlinkTimeoutException) {
      NetlinkTimeoutException named = new NetlinkTimeoutException(what + ": " + e.getMessage());
      named.initCause(e);
      return named;
    }
    return typed(e, command, what);
  }

  private static NetlinkMessage single(List<NetlinkMessage> replies, String what)
      throws MalformedMessageException {
    if (replies.size() != 1) {
      throw new MalformedMessageException("expected one " + what + " reply, got " + replies.size());
    }
    return replies.get(0);
  }

  private NetlinkRequest serviceRequest(int command, VirtualService service) {
    MessageBuilder builder = request(command);
    IpvsCodec.service(builder, service.id(), service);
    return builder.build();
  }

  private NetlinkRequest idRequest(int command, ServiceId id) {
    MessageBuilder builder = request(command);
    IpvsCodec.service(builder, id, null);
    return builder.build();
  }

  private NetlinkRequest encode(IpvsOperation operation) {
    if (operation instanceof IpvsOperation.AddService add) {
      return serviceRequest(CMD_NEW_SERVICE, add.service());
    } else if (operation instanceof IpvsOperation.UpdateService update) {
      return serviceRequest(CMD_SET_SERVICE, update.service());
    } else if (operation instanceof IpvsOperation.DeleteService delete) {
      return idRequest(CMD_DEL_SERVICE, delete.id());
    } else if (operation instanceof IpvsOperation.AddDestination add) {
      return destinationRequest(CMD_NEW_DEST, add.service(), add.server(), true);
    } else if (operation instanceof IpvsOperation.UpdateDestination update) {
      return destinationRequest(CMD_SET_DEST, update.service(), update.server(), true);
    } else if (operation instanceof IpvsOperation.DeleteDestination delete) {
      return destinationRequest(CMD_DEL_DEST, delete.service(), delete.server(), false);
    } else {
      return request(CMD_FLUSH).build();
    }
  }

  private NetlinkRequest destinationRequest(int command, ServiceId service, RealServer server,
      boolean full) {
    MessageBuilder builder = request(command);
    IpvsCodec.service(builder, service, null);
    IpvsCodec.destination(builder, server, full);
    return builder.build();
  }

  private static int command(IpvsOperation operation) {
    if (operation instanceof IpvsOperation.AddService) {
      return CMD_NEW_SERVICE;
    } else if (operation instanceof IpvsOperation.UpdateService) {
      return CMD_SET_SERVICE;
    } else if (operation instanceof IpvsOperation.DeleteService) {
      return CMD_DEL_SERVICE;
    } else if (operation instanceof IpvsOperation.AddDestination) {
      return CMD_NEW_DEST;
    } else if (operation instanceof IpvsOperation.UpdateDestination) {
      return CMD_SET_DEST;
    } else if (operation instanceof IpvsOperation.DeleteDestination) {
      return CMD_DEL_DEST;
    }
    return CMD_FLUSH;
  }

  private static String describe(IpvsOperation operation) {
    return operation.toString();
  }

  @Override
  public void close() {
    genl.close();
    serviceDumps.close();
    destinationDumps.close();
  }
}
