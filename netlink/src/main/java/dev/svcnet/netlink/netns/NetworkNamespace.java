package dev.svcnet.netlink.netns;

import dev.svcnet.netlink.netns.internal.ThreadNetworkNamespace;
import java.nio.file.Path;

/**
 * A Linux network namespace owned by one dedicated platform thread. Everything given to {@link
 * #call} runs on that thread, so sockets it opens and programs it starts (with {@code
 * ProcessBuilder}) belong to this namespace. Closing ends the thread; a namespace made by {@link
 * #create} then disappears together with every interface, address, route and rule in it (a veth
 * pair goes with either end).
 *
 * <p>Never run namespace work on virtual threads: they hop between carrier threads.
 */
public interface NetworkNamespace extends AutoCloseable {

  /**
   * A fresh, anonymous network namespace ({@code unshare(CLONE_NEWNET)} on a new thread) with its
   * loopback interface up, as in a pod.
   *
   * @param label a name for threads and messages, e.g. the test's name
   * @throws NamespaceException without CAP_SYS_ADMIN (the message says what is missing)
   */
  static NetworkNamespace create(String label) throws NamespaceException {
    return ThreadNetworkNamespace.create(label);
  }

  /**
   * Enters an existing namespace ({@code setns}) on a new thread, given one of its files: {@code
   * /run/netns/NAME}, {@code /proc/PID/ns/net}, or another namespace's {@link #path()}. Closing
   * leaves the namespace itself alone.
   */
  static NetworkNamespace join(Path namespaceFile, String label) throws NamespaceException {
    return ThreadNetworkNamespace.join(namespaceFile, label);
  }

  /** The label given at creation. */
  String label();

  /**
   * A file naming this namespace while it is open ({@code /proc/<pid>/task/<tid>/ns/net}): pass it
   * to {@link #join}, or to {@code ip link set DEV netns PATH}.
   */
  Path path();

  /** The namespace's inode number: equal for the same namespace, different for different ones. */
  long inode();

  /**
   * Runs {@code task} on this namespace's thread and returns its result. Exceptions and errors the
   * task throws reach the caller unchanged.
   *
   * @throws NamespaceException if the namespace is closed
   */
  <T, X extends Exception> T call(NamespaceTask<T, X> task) throws X, NamespaceException;

  /** Like {@link #call} for work with no result. */
  default <X extends Exception> void run(NamespaceRunnable<X> task) throws X, NamespaceException {
    call(() -> {
      task.run();
      return null;
    });
  }

  /** Ends the namespace's thread. Idempotent. */
  @Override
  void close();

  /** Work with no result, for {@link #run}. */
  @FunctionalInterface
  interface NamespaceRunnable<X extends Exception> {
    void run() throws X;
  }
}
