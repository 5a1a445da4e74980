package dev.svcnet.ipvs.text;

import dev.svcnet.ipvs.Destination;
import dev.svcnet.ipvs.RealServer;
import dev.svcnet.ipvs.Service;
import dev.svcnet.ipvs.ServiceId;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which ipvsadm lists services and destinations: libipvs's
 * {@code ipvs_cmp_services} and {@code ipvs_cmp_dests} run by glibc's {@code qsort}.
 *
 * <p>Both comparators subtract unsigned 32-bit values and return the difference as a C
 * {@code int}, so a difference of 2^31 or more changes sign: 192.168.0.1 compares below 10.0.0.1
 * (0xC0A80001 - 0x0A000001 wraps to a negative int), and a mark of 2^31+1 below mark 0 (an
 * address service). That comparison is not transitive, so the result depends on the sorting
 * algorithm; glibc's {@code qsort} is a top-down merge sort (msort.c: halves of n/2 and n-n/2,
 * the left element taken while {@code cmp <= 0}), reproduced here exactly.
 */
public final class IpvsadmOrder {
  private IpvsadmOrder() {}

  /** The services in {@code ipvsadm -L -n} / {@code -S} order. */
  public static List<Service> services(List<Service> services) {
    return glibcQsort(services, IpvsadmOrder::compareServices);
  }

  /** A service's destinations in ipvsadm's order. */
  public static List<Destination> destinations(List<Destination> destinations) {
    return glibcQsort(destinations, (a, b) -> compareServers(a.server(), b.server()));
  }

  /** {@code ipvs_cmp_services}: fwmark, family, protocol, address, port, each as int difference. */
  static int compareServices(Service first, Service second) {
    ServiceId a = first.id();
    ServiceId b = second.id();
    int r = mark(a) - mark(b);
    if (r != 0) {
      return r;
    }
    r = family(a.ipv6()) - family(b.ipv6());
    if (r != 0) {
      return r;
    }
    r = protocol(a) - protocol(b);
    if (r != 0) {
      return r;
    }
    byte[] x = union(a);
    byte[] y = union(b);
    int words = a.ipv6() ? 4 : 1;
    for (int i = 0; r == 0 && i < words; i++) {
      r = word(x, i) - word(y, i);
    }
    if (r != 0) {
      return r;
    }
    return port(a) - port(b);
  }

  /** {@code ipvs_cmp_dests}: address (4 words if the first is IPv6, else 1), then port. */
  static int compareServers(RealServer a, RealServer b) {
    byte[] x = union(a.address());
    byte[] y = union(b.address());
    int words = a.ipv6() ? 4 : 1;
    int r = 0;
    for (int i = 0; r == 0 && i < words; i++) {
      r = word(x, i) - word(y, i);
    }
    if (r != 0) {
      return r;
    }
    return a.port() - b.port();
  }

  private static int mark(ServiceId id) {
    return id instanceof ServiceId.ByMark byMark ? byMark.mark() : 0;
  }

  private static int family(boolean ipv6) {
    return ipv6 ? 10 : 2;
  }

  /** libipvs leaves protocol, address and port zero for a fwmark service. */
  private static int protocol(ServiceId id) {
    return id instanceof ServiceId.ByAddress byAddress ? byAddress.protocol().number() : 0;
  }

  private static int port(ServiceId id) {
    return id instanceof ServiceId.ByAddress byAddress ? byAddress.port() : 0;
  }

  private static byte[] union(ServiceId id) {
    return id instanceof ServiceId.ByAddress byAddress ? union(byAddress.address()) : new byte[16];
  }

  /** The 16 bytes of a {@code union nf_inet_addr}: IPv4 in the first 4, the rest zero. */
  private static byte[] union(InetAddress address) {
    byte[] out = new byte[16];
    byte[] raw = address.getAddress();
    System.arraycopy(raw, 0, out, 0, raw.length);
    return out;
  }

  /** {@code ntohl(s6_addr32[i])}. */
  private static int word(byte[] bytes, int i) {
    return ((bytes[4 * i] & 0xFF) << 24) | ((bytes[4 * i + 1] & 0xFF) << 16)
        | ((bytes[4 * i + 2] & 0xFF) << 8) | (bytes[4 * i + 3] & 0xFF);
  }

  /** glibc msort.c: stable top-down merge sort, whatever the comparator's consistency. */
  static <T> List<T> glibcQsort(List<T> input, Comparator<? super T> cmp) {
    List<T> items = new ArrayList<>(input);
    @SuppressWarnings("unchecked")
    T[] array = (T[]) items.toArray();
    @SuppressWarnings("unchecked")
    T[] tmp = (T[]) new Object[array.length];
    msort(array, 0, array.length, tmp, cmp);
    return List.of(array);
  }

  private static <T> void msort(T[] b, int from, int n, T[] tmp, Comparator<? super T> cmp) {
    if (n <= 1) {
      return;
    }
    int n1 = n / 2;
    int n2 = n - n1;
    msort(b, from, n1, tmp, cmp);
    msort(b, from + n1, n2, tmp, cmp);
    int i = from;
    int j = from + n1;
    int k = 0;
    while (n1 > 0 && n2 > 0) {
      if (cmp.compare(b[i], b[j]) <= 0) {
        tmp[k++] = b[i++];
        n1--;
      } else {
        tmp[k++] = b[j++];
        n2--;
      }
    }
    while (n1 > 0) {
      tmp[k++] = b[i++];
      n1--;
    }
    // the rest of the right half is already in place
    System.arraycopy(tmp, 0, b, from, k);
  }
}
