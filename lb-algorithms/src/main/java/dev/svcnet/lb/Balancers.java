package dev.svcnet.lb;

import dev.svcnet.lb.internal.IptablesRandomBalancer;
import dev.svcnet.lb.internal.JumpHashBalancer;
import dev.svcnet.lb.internal.LeastRequestBalancer;
import dev.svcnet.lb.internal.MaglevBalancer;
import dev.svcnet.lb.internal.RingHashBalancer;
import dev.svcnet.lb.internal.SmoothWeightedRoundRobinBalancer;

/** Factories for the in-process {@link Balancer}s. Each starts with no backends. */
public final class Balancers {

  /** The Maglev paper's recommended table size (§5.3), Envoy's default. */
  public static final int DEFAULT_MAGLEV_TABLE_SIZE = 65537;
  /** Envoy's default {@code minimum_ring_size}. */
  public static final int DEFAULT_MIN_RING_SIZE = 1024;
  /** Envoy's default {@code maximum_ring_size}. */
  public static final int DEFAULT_MAX_RING_SIZE = 8 * 1024 * 1024;

  private Balancers() {}

  /** Maglev with a 65537-entry table. */
  public static Balancer maglev() {
    return maglev(DEFAULT_MAGLEV_TABLE_SIZE);
  }

  /**
   * Maglev (Eisenbud et al., NSDI 2016): each backend fills its preferred free table entries in
   * turn; weights by Envoy's turn frequency.
   *
   * @throws InvalidValueException naming {@code tableSize} unless it is a prime of at least 3
   */
  public static Balancer maglev(int tableSize) {
    return new MaglevBalancer(tableSize);
  }

  /** A ring hash with Envoy's default minimum and maximum ring sizes. */
  public static Balancer ringHash() {
    return ringHash(DEFAULT_MIN_RING_SIZE, DEFAULT_MAX_RING_SIZE);
  }

  /**
   * A ring hash (Karger et al., ketama) sized as Envoy sizes it: enough points that the
   * least-weighted backend gets at least {@code minRingSize} times its share, capped at
   * {@code maxRingSize}.
   */
  public static Balancer ringHash(int minRingSize, int maxRingSize) {
    return new RingHashBalancer(minRingSize, maxRingSize);
  }

  /**
   * Jump consistent hash (Lamping and Veach, 2014) over the backends with positive weight, in
   * order. Weights are otherwise ignored; removing the last backend moves only its keys.
   */
  public static Balancer jumpHash() {
    return new JumpHashBalancer();
  }

  /**
   * Power of two choices, least request: two weighted random candidates, the one with fewer
   * outstanding requests per weight wins. Callers must {@link Balancer#release} each pick.
   */
  public static Balancer leastRequest() {
    return new LeastRequestBalancer(null);
  }

  /** {@link #leastRequest()} with reproducible random choices. */
  public static Balancer leastRequest(long seed) {
    return new LeastRequestBalancer(seed);
  }

  /** nginx's smooth weighted round robin. */
  public static Balancer smoothWeightedRoundRobin() {
    return new SmoothWeightedRoundRobinBalancer();
  }

  /**
   * kube-proxy's iptables mode: backends sorted by id as strings, then a cascade of
   * {@code statistic --mode random} rules with the probabilities of {@link StatisticCascade}.
   */
  public static Balancer iptablesRandom() {
    return new IptablesRandomBalancer(null);
  }

  /** {@link #iptablesRandom()} with reproducible random numbers. */
  public static Balancer iptablesRandom(long seed) {
    return new IptablesRandomBalancer(seed);
  }
}
