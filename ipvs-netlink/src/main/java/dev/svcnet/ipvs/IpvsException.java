package dev.svcnet.ipvs;

import dev.svcnet.netlink.NetlinkException;

/**
 * The kernel refused an IPVS request. Subclasses name the common answers; others (EINVAL with
 * the kernel's extended-ack text, ERANGE, ...) come as this class with their errno.
 */
public class IpvsException extends NetlinkException {
  private static final long serialVersionUID = 1L;

  public IpvsException(String message, int errno, String extAck, Throwable cause) {
    super(message, errno, extAck, cause);
  }

  /** NEW_SERVICE for a service that exists (EEXIST). */
  public static final class ServiceExists extends IpvsException {
    private static final long serialVersionUID = 1L;

    public ServiceExists(String message, int errno, Throwable cause) {
      super(message, errno, null, cause);
    }
  }

  /** The service does not exist (ESRCH). */
  public static final class NoSuchService extends IpvsException {
    private static final long serialVersionUID = 1L;

    public NoSuchService(String message, int errno, Throwable cause) {
      super(message, errno, null, cause);
    }
  }

  /** NEW_DEST for a destination the service has (EEXIST). */
  public static final class DestinationExists extends IpvsException {
    private static final long serialVersionUID = 1L;

    public DestinationExists(String message, int errno, Throwable cause) {
      super(message, errno, null, cause);
    }
  }

  /** The service has no such destination (ENOENT on SET_DEST / DEL_DEST). */
  public static final class NoSuchDestination extends IpvsException {
    private static final long serialVersionUID = 1L;

    public NoSuchDestination(String message, int errno, Throwable cause) {
      super(message, errno, null, cause);
    }
  }

  /** The scheduler or persistence engine module does not exist (ENOENT on NEW/SET_SERVICE). */
  public static final class UnknownScheduler extends IpvsException {
    private static final long serialVersionUID = 1L;

    public UnknownScheduler(String message, int errno, Throwable cause) {
      super(message, errno, null, cause);
    }
  }

  /** The caller lacks CAP_NET_ADMIN in this network namespace (EPERM). */
  public static final class PermissionDenied extends IpvsException {
    private static final long serialVersionUID = 1L;

    public PermissionDenied(String message, int errno, Throwable cause) {
      super(message, errno, null, cause);
    }
  }

  /** The kernel has no IPVS (the generic netlink family is missing and cannot be loaded). */
  public static final class Unavailable extends IpvsException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message, int errno, Throwable cause) {
      super(message, errno, null, cause);
    }
  }
}
