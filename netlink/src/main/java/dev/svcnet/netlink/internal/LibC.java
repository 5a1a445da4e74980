package dev.svcnet.netlink.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * The few libc calls svcnet needs, bound with JNA direct mapping. Every call reports failure as a
 * {@link LastErrorException} carrying errno.
 */
public final class LibC {

  static {
    Native.register(Platform.C_LIBRARY_NAME);
  }

  /** {@code CLONE_NEWNET} from {@code <sched.h>}. */
  public static final int CLONE_NEWNET = 0x40000000;
  /** {@code O_RDONLY | O_CLOEXEC}. */
  public static final int O_RDONLY_CLOEXEC = 0x80000;

  private LibC() {}

  public static final int AF_NETLINK = 16;
  public static final int SOCK_RAW = 3;
  public static final int SOCK_CLOEXEC = 0x80000;
  public static final int SOL_SOCKET = 1;
  public static final int SO_SNDBUF = 7;
  public static final int SO_RCVBUF = 8;
  public static final int SO_RCVTIMEO = 20;
  public static final int SO_SNDTIMEO = 21;
  public static final int SO_RCVBUFFORCE = 33;
  public static final int SOL_NETLINK = 270;
  public static final int NETLINK_CAP_ACK = 10;
  public static final int NETLINK_EXT_ACK = 11;
  public static final int MSG_TRUNC = 0x20;
  /** recvmmsg: block for the first datagram only, then take what is already queued. */
  public static final int MSG_WAITFORONE = 0x10000;

  public static native int socket(int domain, int type, int protocol) throws LastErrorException;

  public static native int bind(int fd, Pointer address, int length) throws LastErrorException;

  public static native int getsockname(int fd, Pointer address, Pointer length)
      throws LastErrorException;

  public static native long sendto(int fd, Pointer buffer, long length, int flags,
      Pointer address, int addressLength) throws LastErrorException;

  /** {@code recvmmsg(2)}: several datagrams in one system call. */
  public static native int recvmmsg(int fd, Pointer messages, int count, int flags,
      Pointer timeout) throws LastErrorException;

  public static native int setsockopt(int fd, int level, int name, Pointer value, int length)
      throws LastErrorException;

  /** The size of a memory page, which sets the kernel's smallest dump datagram. */
  public static native int getpagesize();

  public static native int unshare(int flags) throws LastErrorException;

  public static native int setns(int fd, int nstype) throws LastErrorException;

  public static native int open(String path, int flags) throws LastErrorException;

  public static native int close(int fd) throws LastErrorException;
}
