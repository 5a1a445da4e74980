package dev.svcnet.netlink.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

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

  public static native int unshare(int flags) throws LastErrorException;

  public static native int setns(int fd, int nstype) throws LastErrorException;

  public static native int open(String path, int flags) throws LastErrorException;

  public static native int close(int fd) throws LastErrorException;
}
