package dev.svcnet.netlink;

/** Netlink protocol numbers, message types and flags ({@code <linux/netlink.h>}). */
public final class Netlink {

  private Netlink() {}

  public static final int NETLINK_ROUTE = 0;
  public static final int NETLINK_NETFILTER = 12;
  public static final int NETLINK_GENERIC = 16;

  public static final int HEADER_LENGTH = 16;
  public static final int ALIGN = 4;

  public static final int NLMSG_NOOP = 1;
  public static final int NLMSG_ERROR = 2;
  public static final int NLMSG_DONE = 3;
  public static final int NLMSG_OVERRUN = 4;

  public static final int NLM_F_REQUEST = 0x01;
  public static final int NLM_F_MULTI = 0x02;
  public static final int NLM_F_ACK = 0x04;
  public static final int NLM_F_ECHO = 0x08;
  public static final int NLM_F_DUMP_INTR = 0x10;
  public static final int NLM_F_DUMP_FILTERED = 0x20;
  public static final int NLM_F_ROOT = 0x100;
  public static final int NLM_F_MATCH = 0x200;
  public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
  public static final int NLM_F_REPLACE = 0x100;
  public static final int NLM_F_EXCL = 0x200;
  public static final int NLM_F_CREATE = 0x400;
  public static final int NLM_F_APPEND = 0x800;
  /** In an NLMSG_ERROR: the echoed request was cut to its header. */
  public static final int NLM_F_CAPPED = 0x100;
  /** In an NLMSG_ERROR or NLMSG_DONE: extended-ack TLVs follow. */
  public static final int NLM_F_ACK_TLVS = 0x200;

  public static final int NLMSGERR_ATTR_MSG = 1;
  public static final int NLMSGERR_ATTR_OFFS = 2;

  public static final int NLA_F_NESTED = 0x8000;
  public static final int NLA_F_NET_BYTEORDER = 0x4000;
  public static final int NLA_TYPE_MASK = 0x3FFF;

  /** Rounds {@code length} up to the netlink alignment (4). */
  public static int align(int length) {
    return (length + ALIGN - 1) & ~(ALIGN - 1);
  }
}
