package dev.svcnet.ipvs;

import java.util.Locale;
import java.util.Objects;

/**
 * Tunnel settings of a {@link ForwardingMethod#TUNNEL} real server.
 *
 * @param type IPIP, GUE or GRE
 * @param port the GUE destination port (1..65535 for GUE, 0 otherwise)
 * @param checksum checksum handling (GUE and GRE)
 */
public record Tunnel(Type type, int port, Checksum checksum) {

  public static final Tunnel IPIP = new Tunnel(Type.IPIP, 0, Checksum.NOCSUM);

  public Tunnel {
    Objects.requireNonNull(type, "tunnel type");
    Objects.requireNonNull(checksum, "tunnel checksum");
    Ports.check("tunnel port", port);
    if (type == Type.GUE && port == 0) {
      throw new IllegalArgumentException("a GUE tunnel needs a port (1..65535)");
    }
    if (type != Type.GUE && port != 0) {
      throw new IllegalArgumentException("only GUE tunnels have a port, got " + port + " for "
          + type);
    }
    if (type == Type.IPIP && checksum != Checksum.NOCSUM) {
      throw new IllegalArgumentException("an IPIP tunnel has no checksum option, got " + checksum);
    }
    if (type == Type.GRE && checksum == Checksum.REMCSUM) {
      throw new IllegalArgumentException("remote checksum offload (REMCSUM) needs a GUE tunnel,"
          + " not GRE");
    }
  }

  /** {@code IP_VS_CONN_F_TUNNEL_TYPE_*}. */
  public enum Type {
    IPIP, GUE, GRE;

    public int code() {
      return ordinal();
    }

    public String ipvsadmName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code IP_VS_TUNNEL_ENCAP_FLAG_*}. */
  public enum Checksum {
    NOCSUM, CSUM, REMCSUM;

    public int code() {
      return ordinal();
    }

    public String ipvsadmName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
