package dev.svcnet.harness.container;

import com.github.dockerjava.api.model.Capability;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A long-running container of {@link NetToolsImage} with its own network namespace, in which
 * {@code ip}, {@code iptables*}, {@code nft}, {@code ipvsadm} and {@code java} run as root with
 * {@code CAP_NET_ADMIN} and {@code CAP_NET_RAW} only: never privileged ({@code --privileged}
 * fails on these hosts, and the tests need no more). It shares the host's kernel, so kernel
 * features the host lacks (IPVS here) are missing inside too.
 *
 * <pre>{@code
 * DockerAvailability.abortIfUnavailable();
 * try (NetToolsContainer box = NetToolsContainer.startNew()) {
 *   String links = box.execChecked("ip", "link").getStdout();
 * }
 * }</pre>
 */
public final class NetToolsContainer extends GenericContainer<NetToolsContainer> {

  private final NetToolsImage image;

  /** A container of {@code image}, not started yet; it sleeps until stopped. */
  public NetToolsContainer(NetToolsImage image) {
    super(DockerImageName.parse(image.name()));
    this.image = image;
    withCommand("sleep", "2147483647"); // busybox sleep; Testcontainers stops it with SIGKILL
    withEnv("PATH", NetToolsRootfs.PATH);
    withEnv("JAVA_HOME", image.rootfs().javaHome().toString());
    withPrivilegedMode(false);
    withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
        .withCapAdd(Capability.NET_ADMIN, Capability.NET_RAW));
    withStartupTimeout(Duration.ofSeconds(60));
  }

  /**
   * Ensures the image (see {@link NetToolsImage#ensure()}) and starts a new container of it.
   */
  public static NetToolsContainer startNew() throws IOException {
    NetToolsContainer container = new NetToolsContainer(NetToolsImage.ensure());
    container.start();
    return container;
  }

  /** The image this container runs. */
  public NetToolsImage image() {
    return image;
  }

  /** The JDK's {@code java} launcher inside the container. */
  public String javaCommand() {
    return image.rootfs().javaCommand();
  }

  /**
   * Runs {@code command} (an argument list, no shell) inside the container and returns its
   * result.
   *
   * @throws IOException if it exits with a non-zero status; the message holds its output
   */
  public Container.ExecResult execChecked(String... command) throws IOException {
    Container.ExecResult result;
    try {
      result = execInContainer(command);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + Arrays.toString(command), e);
    }
    if (result.getExitCode() != 0) {
      throw new IOException(Arrays.toString(command) + " exited with " + result.getExitCode()
          + "\nstdout:\n" + result.getStdout() + "\nstderr:\n" + result.getStderr());
    }
    return result;
  }
}
