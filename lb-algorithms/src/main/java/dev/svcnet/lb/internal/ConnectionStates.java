package dev.svcnet.lb.internal;

import dev.svcnet.lb.Protocol;

/**
 * Whether a connection counts as active or inactive, per protocol, as the kernel's protocol state
 * machines move the counters (every new connection is first bound inactive by
 * {@code ip_vs_bind_dest}; the first packet's state transition follows at once):
 *
 * <ul>
 *   <li>TCP ({@code ip_vs_proto_tcp.c} {@code set_tcp_state}): active in the states of
 *       {@code tcp_state_active_table}: SYN_SENT, SYN_RECV, SYNACK, ESTABLISHED. The first packet
 *       is a SYN, which moves NONE to SYN_RECV: a TCP connection is active from its SYN, and
 *       inactive again in FIN_WAIT, TIME_WAIT, CLOSE, CLOSE_WAIT, LAST_ACK.
 *   <li>SCTP ({@code ip_vs_proto_sctp.c} {@code set_sctp_state}): active only in ESTABLISHED;
 *       the INIT moves NONE to INIT1, so a new association stays inactive until established.
 *   <li>UDP ({@code ip_vs_proto_udp.c} {@code udp_state_transition}): only refreshes the timeout,
 *       never the counters: a UDP connection is inactive for its whole life.
 * </ul>
 */
final class ConnectionStates {

  private ConnectionStates() {}

  /** Whether the connection counts as active once its first packet has been processed. */
  static boolean activeAfterFirstPacket(Protocol protocol) {
    return protocol == Protocol.TCP;
  }

  /** Whether the protocol has states that move the counters (TCP, SCTP; not UDP). */
  static boolean hasStates(Protocol protocol) {
    return protocol == Protocol.TCP || protocol == Protocol.SCTP;
  }
}
