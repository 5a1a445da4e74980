package dev.svcnet.lb;

import dev.svcnet.lb.internal.ModelledIpvsService;
import java.util.List;
import java.util.Optional;

/**
 * A model of one IPVS virtual service that makes the decisions the kernel would make. Feed it the
 * same events the kernel sees (destinations added, edited, removed; connections opened, reaching
 * ESTABLISHED, leaving it, closing) in the same order and it picks the same real servers.
 *
 * <p>Facts modelled (see ipvs.md §1.10 and §4): destinations are iterated newest-first; a deleted
 * destination keeps its counters and is revived (at the head again) when re-added; weight 0 means
 * quiescent; a TCP connection counts as active from its SYN (SYN_RECV is an active state), an
 * SCTP association from ESTABLISHED, a UDP connection never; the upper/lower thresholds set and
 * clear the overload flag as {@code ip_vs_bind_dest}/{@code ip_vs_unbind_dest} and a destination
 * edit do.
 *
 * <p>Not thread-safe: the kernel serialises these events too. Use one instance per thread or lock.
 */
public interface IpvsService {

  /** A new service; the scheduler starts with fresh state, as {@code init_service} does. */
  static IpvsService create(IpvsServiceConfig config) {
    return new ModelledIpvsService(config);
  }

  /** The configuration this service was created with. */
  IpvsServiceConfig config();

  /**
   * Adds a destination at the head of the list ({@code IPVS_CMD_NEW_DEST}).
   *
   * @throws IpvsStateException {@code EEXIST} if it is in the service already
   * @throws InvalidValueException naming {@code address} if its family differs from the service's
   */
  void addDestination(DestinationConfig destination);

  /**
   * Changes weight and thresholds of a destination ({@code IPVS_CMD_SET_DEST}).
   *
   * @throws IpvsStateException {@code ENOENT} if there is no such destination
   */
  void updateDestination(DestinationConfig destination);

  /**
   * Removes a destination ({@code IPVS_CMD_DEL_DEST}). Its connections stay bound to it until
   * closed; re-adding it later revives its counters.
   *
   * @throws IpvsStateException {@code ENOENT} if there is no such destination
   */
  void removeDestination(Endpoint destination);

  /** The destinations in the kernel's list order, newest first. */
  List<DestinationStatus> destinations();

  /**
   * Runs the scheduler for a packet without opening a connection: the scheduler's own state moves
   * on as in the kernel (rr/wrr pointer, lblc/lblcr cache, twos' random numbers) but no counter
   * changes. For what-if questions and for measuring pick cost.
   *
   * @return the destination the scheduler chose, or null when it found none
   */
  Endpoint schedule(Packet packet);

  /**
   * Schedules the first packet of a new connection and binds the connection to the chosen
   * destination. A TCP connection counts as active at once (its SYN moves it to SYN_RECV, an
   * active state in {@code ip_vs_proto_tcp.c}); SCTP and UDP connections count as inactive.
   *
   * @return the connection, or empty when the scheduler finds no destination (the kernel drops the
   *     packet or answers with an ICMP error)
   */
  Optional<IpvsConnection> open(Packet packet);

  /**
   * The connection reached ESTABLISHED: it counts as active (an SCTP association becomes active
   * here; TCP is active already unless it was closing). No change for UDP, which has no states.
   */
  void established(IpvsConnection connection);

  /**
   * The connection entered a closing state (TCP FIN_WAIT, TIME_WAIT, CLOSE, CLOSE_WAIT, LAST_ACK;
   * SCTP's shutdown states): it counts as inactive. No change for UDP, which is always inactive.
   */
  void closing(IpvsConnection connection);

  /** The connection expired and is unbound from its destination, which may clear the overload. */
  void close(IpvsConnection connection);
}
