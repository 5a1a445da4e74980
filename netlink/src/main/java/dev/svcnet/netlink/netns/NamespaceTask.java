package dev.svcnet.netlink.netns;

/**
 * Work to run inside a network namespace.
 *
 * @param <T> what it returns
 * @param <X> the checked exception it may throw (inferred; {@code RuntimeException} if none)
 */
@FunctionalInterface
public interface NamespaceTask<T, X extends Exception> {
  T call() throws X;
}
