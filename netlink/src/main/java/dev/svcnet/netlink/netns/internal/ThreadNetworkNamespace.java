package dev.svcnet.netlink.netns.internal;

import com.sun.jna.LastErrorException;
import dev.svcnet.netlink.Errno;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.internal.LibC;
import dev.svcnet.netlink.netns.NamespaceException;
import dev.svcnet.netlink.netns.NamespaceTask;
import dev.svcnet.netlink.netns.NetworkNamespace;
import dev.svcnet.netlink.netns.Privileges;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link NetworkNamespace} held by a single-thread executor whose thread entered it. */
public final class ThreadNetworkNamespace implements NetworkNamespace {

  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private final String label;
  private final ExecutorService thread;
  private final Path path;
  private final long inode;

  private ThreadNetworkNamespace(String label, ExecutorService thread, Path path, long inode) {
    this.label = label;
    this.thread = thread;
    this.path = path;
    this.inode = inode;
  }

  public static NetworkNamespace create(String label) throws NamespaceException {
    Objects.requireNonNull(label, "label");
    String missing = Privileges.missingForNamespaces();
    if (missing != null) {
      throw new NamespaceException("cannot create network namespace '" + label + "': " + missing);
    }
    ThreadNetworkNamespace ns = start(label, () -> {
      try {
        LibC.unshare(LibC.CLONE_NEWNET);
      } catch (LastErrorException e) {
        throw new NamespaceException("unshare(CLONE_NEWNET) failed for '" + label + "': "
            + Errno.name(e.getErrorCode()));
      }
    });
    try {
      ns.call(() -> ExternalCommand.of("ip", "link", "set", "dev", "lo", "up").runChecked());
    } catch (IOException e) {
      ns.close();
      throw new NamespaceException("cannot bring up loopback in '" + label + "': " + e.getMessage(), e);
    }
    return ns;
  }

  public static NetworkNamespace join(Path namespaceFile, String label) throws NamespaceException {
    Objects.requireNonNull(namespaceFile, "namespaceFile");
    Objects.requireNonNull(label, "label");
    return start(label, () -> {
      int fd;
      try {
        fd = LibC.open(namespaceFile.toString(), LibC.O_RDONLY_CLOEXEC);
      } catch (LastErrorException e) {
        throw new NamespaceException("cannot open namespace file " + namespaceFile + ": "
            + Errno.name(e.getErrorCode()));
      }
      try {
        LibC.setns(fd, LibC.CLONE_NEWNET);
      } catch (LastErrorException e) {
        throw new NamespaceException("setns(" + namespaceFile + ", CLONE_NEWNET) failed: "
            + Errno.name(e.getErrorCode()));
      } finally {
        LibC.close(fd);
      }
    });
  }

  private interface Entry {
    void enter() throws NamespaceException;
  }

  private static ThreadNetworkNamespace start(String label, Entry entry) throws NamespaceException {
    String threadName = "netns-" + SEQUENCE.incrementAndGet() + "-" + label;
    ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, threadName);
      thread.setDaemon(true);
      return thread;
    });
    try {
      Path[] where = new Path[1];
      long id = executor.submit(() -> {
        entry.enter();
        Path self = Path.of("/proc/thread-self");
        where[0] = Path.of("/proc").resolve(Files.readSymbolicLink(self)).resolve("ns/net");
        return inodeOf(self.resolve("ns/net"));
      }).get();
      return new ThreadNetworkNamespace(label, executor, where[0], id);
    } catch (ExecutionException e) {
      executor.shutdownNow();
      if (e.getCause() instanceof NamespaceException cause) {
        throw cause;
      }
      throw new NamespaceException("cannot enter network namespace '" + label + "'", e.getCause());
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
      throw new NamespaceException("interrupted while creating '" + label + "'", e);
    }
  }

  /** Reads the inode from the {@code net:[4026531840]} link text. */
  static long inodeOf(Path nsLink) throws IOException {
    String text = Files.readSymbolicLink(nsLink).toString();
    int open = text.indexOf('[');
    int close = text.indexOf(']');
    if (!text.startsWith("net:") || open < 0 || close < open) {
      throw new IOException("unexpected namespace link " + nsLink + " -> " + text);
    }
    return Long.parseLong(text.substring(open + 1, close));
  }

  /** The inode of the calling thread's network namespace. */
  public static long currentInode() throws IOException {
    return inodeOf(Path.of("/proc/thread-self/ns/net"));
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public long inode() {
    return inode;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T, X extends Exception> T call(NamespaceTask<T, X> task) throws X, NamespaceException {
    Objects.requireNonNull(task, "task");
    Future<T> future;
    try {
      future = thread.submit(task::call);
    } catch (RejectedExecutionException e) {
      throw new NamespaceException("network namespace '" + label + "' is closed");
    }
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw (X) cause;
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new NamespaceException("interrupted while running in '" + label + "'", e);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("network namespace thread '" + label + "' did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "NetworkNamespace[" + label + ", net:[" + inode + "]]";
  }
}
