package dev.svcnet.netlink.genl;

import java.util.Objects;

/** A generic netlink family as the kernel registered it (CTRL_CMD_GETFAMILY). */
public record GenlFamily(String name, int id, int version, int headerSize, int maxAttribute) {

  public GenlFamily {
    Objects.requireNonNull(name, "name");
    if (id < 0 || id > 0xFFFF) {
      throw new IllegalArgumentException("family id must be 0..65535, got " + id);
    }
  }
}
