package dev.svcnet.lb.internal;

import dev.svcnet.lb.Packet;

/** What the hashing schedulers read from a packet. */
final class PacketKey {

  private PacketKey() {}

  /** The client port when {@code usePort} and the protocol has ports, else 0 (sh/mh). */
  static int sourcePort(Packet packet, boolean usePort) {
    return usePort && packet.protocol().hasPorts() ? packet.client().port() : 0;
  }
}
