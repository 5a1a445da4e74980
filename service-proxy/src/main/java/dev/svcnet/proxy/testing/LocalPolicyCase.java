package dev.svcnet.proxy.testing;

/**
 * One generated NodePort Service with externalTrafficPolicy Local, in terms of
 * {@link ServiceTraffic}'s fixed endpoint addresses: which of them are ready endpoints, which of
 * those run on {@link ServiceTraffic#NODE} (the others on {@link ServiceTraffic#OTHER_NODE}), and
 * the target port.
 *
 * @param readyMask bit {@code i}: endpoint {@code i} is ready
 * @param localMask bit {@code i}: endpoint {@code i} runs on this node
 * @param targetPortIndex index into {@link ServiceTraffic#TARGET_PORTS}
 */
public record LocalPolicyCase(int readyMask, int localMask, int targetPortIndex) {

  public LocalPolicyCase {
    int all = (1 << ServiceTraffic.ENDPOINTS) - 1;
    if ((readyMask & ~all) != 0 || (localMask & ~all) != 0) {
      throw new IllegalArgumentException("masks must be within " + ServiceTraffic.ENDPOINTS
          + " endpoints, got " + readyMask + " and " + localMask);
    }
    if (targetPortIndex < 0 || targetPortIndex >= ServiceTraffic.TARGET_PORTS.length) {
      throw new IllegalArgumentException("targetPortIndex must be 0.."
          + (ServiceTraffic.TARGET_PORTS.length - 1) + ", got " + targetPortIndex);
    }
  }

  /** Decoded from the low 10 bits of {@code seed}, so that a QuickTheories integer shrinks it. */
  public static LocalPolicyCase of(int seed) {
    return new LocalPolicyCase(seed & 0xF, (seed >> 4) & 0xF,
        ((seed >> 8) & 3) % ServiceTraffic.TARGET_PORTS.length);
  }
}
