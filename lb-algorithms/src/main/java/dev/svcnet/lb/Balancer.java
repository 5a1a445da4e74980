package dev.svcnet.lb;

import java.util.List;

/**
 * An in-process load balancer over a set of {@link Backend}s. All implementations are thread-safe:
 * picks may run concurrently with each other and with {@link #update}, which swaps in a new
 * immutable snapshot. {@link #pick} and {@link #next} do not allocate.
 *
 * <p>Create one with {@link Balancers}.
 */
public interface Balancer {

  /**
   * The backend for a key (a 64-bit hash of, e.g., a session id or a client address). Hashing
   * balancers return the same backend for the same key while the backends do not change;
   * balancers that do not hash ignore the key and behave like {@link #next()}.
   *
   * @return the backend, or null when no backend has a positive weight
   */
  Backend pick(long key);

  /**
   * The backend for the next request. Hashing balancers use a random key.
   *
   * @return the backend, or null when no backend has a positive weight
   */
  Backend next();

  /**
   * Tells the balancer that a request sent to {@code backend} (returned by {@link #pick} or
   * {@link #next}) has finished. Only least-request balancers use this; for the others it does
   * nothing.
   */
  default void release(Backend backend) {}

  /**
   * Replaces the backends.
   *
   * @throws InvalidValueException naming {@code backends} if two share an id
   */
  void update(List<Backend> backends);

  /** The current backends, in the order given to {@link #update}. */
  List<Backend> backends();
}
