package dev.svcnet.ipvs;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the kernel's IPVS connection table ({@code /proc/net/ip_vs_conn}): a client's
 * connection through a virtual service to a real server, or a persistence template.
 *
 * @param protocol the kernel's protocol name: TCP, UDP, SCTP, or for templates of firewall-mark
 *     services IP (any text the kernel prints; never blank)
 * @param client client address and port
 * @param clientPort client port
 * @param virtual virtual service address
 * @param virtualPort virtual service port
 * @param destination real server address
 * @param destinationPort real server port
 * @param state protocol state as the kernel names it (ESTABLISHED, SYN_RECV, UDP, NONE, ...)
 * @param expiresSeconds seconds until the entry expires, as the kernel rounded them down
 * @param persistenceEngine the persistence engine's name and data (e.g. {@code sip} and the
 *     Call-ID), when the entry has them
 */
public record Connection(String protocol, InetAddress client, int clientPort,
    InetAddress virtual, int virtualPort, InetAddress destination, int destinationPort,
    String state, long expiresSeconds, Optional<PersistenceData> persistenceEngine) {

  public Connection {
    requireWord("protocol", protocol);
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(virtual, "virtual");
    Objects.requireNonNull(destination, "destination");
    Ports.check("clientPort", clientPort);
    Ports.check("virtualPort", virtualPort);
    Ports.check("destinationPort", destinationPort);
    requireWord("state", state);
    if (expiresSeconds < 0 || expiresSeconds > 0xFFFFFFFFL) {
      throw new IllegalArgumentException(
          "connection expiresSeconds must be 0..4294967295, got " + expiresSeconds);
    }
    Objects.requireNonNull(persistenceEngine, "persistenceEngine");
  }

  /**
   * A persistence engine's name and its data for this entry, as the kernel prints them.
   *
   * @param name engine name (e.g. {@code sip})
   * @param data engine data (e.g. the SIP Call-ID)
   */
  public record PersistenceData(String name, String data) {
    public PersistenceData {
      requireWord("persistence engine name", name);
      requireWord("persistence engine data", data);
    }
  }

  private static void requireWord(String field, String value) {
    Objects.requireNonNull(value, field);
    if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "connection " + field + " must be one non-empty word, got '" + value + "'");
    }
  }
}
