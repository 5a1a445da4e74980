package dev.svcnet.proxy.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One generated Service for traffic tests, in terms of {@link ServiceTraffic}'s fixed endpoint
 * addresses: which of them are ready endpoints, which are in the EndpointSlice but not ready
 * (never to be reached), the target port, ClientIP affinity and whether it is a NodePort Service.
 *
 * @param readyMask bit {@code i}: endpoint {@code i} is ready
 * @param notReadyMask bit {@code i}: endpoint {@code i} is listed, not ready and not serving
 *     (ignored where {@code readyMask} has the bit)
 * @param targetPortIndex index into {@link ServiceTraffic#TARGET_PORTS}
 * @param affinity ClientIP session affinity
 * @param nodePort a NodePort Service (else ClusterIP)
 */
public record ServiceCase(int readyMask, int notReadyMask, int targetPortIndex,
    boolean affinity, boolean nodePort) {

  public ServiceCase {
    int all = (1 << ServiceTraffic.ENDPOINTS) - 1;
    if ((readyMask & ~all) != 0 || (notReadyMask & ~all) != 0) {
      throw new IllegalArgumentException("masks must be within " + ServiceTraffic.ENDPOINTS
          + " endpoints, got " + readyMask + " and " + notReadyMask);
    }
    if (targetPortIndex < 0 || targetPortIndex >= ServiceTraffic.TARGET_PORTS.length) {
      throw new IllegalArgumentException("targetPortIndex must be 0.."
          + (ServiceTraffic.TARGET_PORTS.length - 1) + ", got " + targetPortIndex);
    }
  }

  /** Decoded from the low 12 bits of {@code seed}, so that a QuickTheories integer shrinks it. */
  public static ServiceCase of(int seed) {
    return new ServiceCase(seed & 0xF, (seed >> 8) & 0xF,
        ((seed >> 4) & 3) % ServiceTraffic.TARGET_PORTS.length, (seed & 0x40) != 0,
        (seed & 0x80) != 0);
  }

  /** A case drawn from {@code random}. */
  public static ServiceCase random(Random random) {
    return of(random.nextInt(1 << 12));
  }

  /** The endpoints listed but not ready: {@code notReadyMask} without the ready ones. */
  public int listedNotReady() {
    return notReadyMask & ~readyMask;
  }

  /** Simpler cases, simplest first: fewer endpoints, no affinity, ClusterIP, first port. */
  public List<ServiceCase> simpler() {
    List<ServiceCase> out = new ArrayList<>();
    if (listedNotReady() != 0) {
      out.add(new ServiceCase(readyMask, 0, targetPortIndex, affinity, nodePort));
    }
    for (int i = 0; i < ServiceTraffic.ENDPOINTS; i++) {
      if ((readyMask & (1 << i)) != 0) {
        out.add(new ServiceCase(readyMask & ~(1 << i), notReadyMask, targetPortIndex, affinity,
            nodePort));
      }
    }
    if (affinity) {
      out.add(new ServiceCase(readyMask, notReadyMask, targetPortIndex, false, nodePort));
    }
    if (nodePort) {
      out.add(new ServiceCase(readyMask, notReadyMask, targetPortIndex, affinity, false));
    }
    if (targetPortIndex != 0) {
      out.add(new ServiceCase(readyMask, notReadyMask, 0, affinity, nodePort));
    }
    return out;
  }

  @Override
  public String toString() {
    return (nodePort ? "NodePort" : "ClusterIP") + "(ready " + endpoints(readyMask)
        + (listedNotReady() != 0 ? ", not ready " + endpoints(listedNotReady()) : "")
        + ", target port " + ServiceTraffic.TARGET_PORTS[targetPortIndex]
        + (affinity ? ", ClientIP affinity" : "") + ")";
  }

  private static String endpoints(int mask) {
    List<Integer> listed = new ArrayList<>();
    for (int i = 0; i < ServiceTraffic.ENDPOINTS; i++) {
      if ((mask & (1 << i)) != 0) {
        listed.add(i);
      }
    }
    return listed.toString();
  }
}
