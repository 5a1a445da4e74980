package dev.svcnet.netlink.genl;

import dev.svcnet.netlink.Attributes;
import dev.svcnet.netlink.Errno;
import dev.svcnet.netlink.MalformedMessageException;
import dev.svcnet.netlink.MessageBuilder;
import dev.svcnet.netlink.Netlink;
import dev.svcnet.netlink.NetlinkException;
import dev.svcnet.netlink.NetlinkMessage;
import dev.svcnet.netlink.NetlinkSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A generic netlink socket with family resolution (CTRL_CMD_GETFAMILY), cached per socket. Like
 * every netlink socket it belongs to the network namespace of the thread that opened it.
 */
public final class GenericNetlink implements AutoCloseable {

  /** The controller family's fixed id (GENL_ID_CTRL). */
  public static final int GENL_ID_CTRL = 0x10;
  public static final int GENL_HEADER_LENGTH = 4;
  public static final int CTRL_CMD_NEWFAMILY = 1;
  public static final int CTRL_CMD_GETFAMILY = 3;
  public static final int CTRL_ATTR_FAMILY_ID = 1;
  public static final int CTRL_ATTR_FAMILY_NAME = 2;
  public static final int CTRL_ATTR_VERSION = 3;
  public static final int CTRL_ATTR_HDRSIZE = 4;
  public static final int CTRL_ATTR_MAXATTR = 5;
  /** GENL_NAMSIZ includes the NUL. */
  public static final int MAX_FAMILY_NAME = 15;

  private final NetlinkSocket socket;
  private final Map<String, GenlFamily> families = new ConcurrentHashMap<>();

  private GenericNetlink(NetlinkSocket socket) {
    this.socket = socket;
  }

  public static GenericNetlink open() throws NetlinkException {
    return new GenericNetlink(NetlinkSocket.open(Netlink.NETLINK_GENERIC));
  }

  public static GenericNetlink open(Duration timeout) throws NetlinkException {
    return new GenericNetlink(NetlinkSocket.open(Netlink.NETLINK_GENERIC, timeout));
  }

  public NetlinkSocket socket() {
    return socket;
  }

  /**
   * The family called {@code name}, asked of the kernel once per socket.
   *
   * @throws NetlinkException ENOENT if the kernel has no such family (e.g. its module is not
   *     loaded and cannot be)
   */
  public GenlFamily family(String name) throws NetlinkException {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.length() > MAX_FAMILY_NAME) {
      throw new IllegalArgumentException("family name must be 1.." + MAX_FAMILY_NAME
          + " characters, got '" + name + "'");
    }
    GenlFamily cached = families.get(name);
    if (cached != null) {
      return cached;
    }
    List<NetlinkMessage> replies;
    try {
      replies = socket.execute(MessageBuilder.request(GENL_ID_CTRL, 0)
          .genlHeader(CTRL_CMD_GETFAMILY, 1)
          .string(CTRL_ATTR_FAMILY_NAME, name)
          .build());
    } catch (NetlinkException e) {
      if (e.errno() == Errno.ENOENT) {
        throw new NetlinkException("generic netlink family '" + name + "' is not available",
            e.errno(), e.extAck(), e);
      }
      throw e;
    }
    if (replies.isEmpty()) {
      throw new MalformedMessageException("CTRL_CMD_GETFAMILY '" + name + "' gave no reply");
    }
    GenlFamily family = parseFamily(replies.get(0));
    families.put(name, family);
    return family;
  }

  /** Every family the kernel has registered (a CTRL_CMD_GETFAMILY dump). */
  public List<GenlFamily> families() throws NetlinkException {
    List<GenlFamily> all = new ArrayList<>();
    socket.dump(MessageBuilder.request(GENL_ID_CTRL, 0).genlHeader(CTRL_CMD_GETFAMILY, 1).build(),
        message -> all.add(parseFamily(message)));
    return all;
  }

  /** A request to {@code family} with generic netlink command {@code command}. */
  public MessageBuilder request(GenlFamily family, int command, int flags) {
    return MessageBuilder.request(family.id(), flags).genlHeader(command, family.version());
  }

  static GenlFamily parseFamily(NetlinkMessage message) throws MalformedMessageException {
    if (message.type() != GENL_ID_CTRL || message.genlCommand() != CTRL_CMD_NEWFAMILY) {
      throw new MalformedMessageException("expected CTRL_CMD_NEWFAMILY, got " + message);
    }
    Attributes attributes = message.attributes(GENL_HEADER_LENGTH);
    return new GenlFamily(
        attributes.string(CTRL_ATTR_FAMILY_NAME),
        attributes.u16(CTRL_ATTR_FAMILY_ID),
        attributes.u32(CTRL_ATTR_VERSION),
        attributes.u32(CTRL_ATTR_HDRSIZE),
        attributes.u32(CTRL_ATTR_MAXATTR));
  }

  @Override
  public void close() {
    socket.close();
  }
}
