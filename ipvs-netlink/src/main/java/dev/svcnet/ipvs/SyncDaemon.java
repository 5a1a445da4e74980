package dev.svcnet.ipvs;

import java.util.Objects;

/**
 * A connection synchronisation daemon.
 *
 * @param state MASTER or BACKUP
 * @param interfaceName multicast interface (at most 15 characters)
 * @param syncId sync id (0..255)
 */
public record SyncDaemon(State state, String interfaceName, int syncId) {

  public SyncDaemon {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(interfaceName, "interfaceName");
    if (interfaceName.isEmpty() || interfaceName.length() > 15) {
      throw new IllegalArgumentException("sync daemon interface must be 1..15 characters, got '"
          + interfaceName + "'");
    }
    if (syncId < 0 || syncId > 255) {
      throw new IllegalArgumentException("sync id must be 0..255, got " + syncId);
    }
  }

  /** {@code IP_VS_STATE_MASTER} 1, {@code IP_VS_STATE_BACKUP} 2. */
  public enum State {
    MASTER(1), BACKUP(2);

    private final int code;

    State(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }
  }
}
