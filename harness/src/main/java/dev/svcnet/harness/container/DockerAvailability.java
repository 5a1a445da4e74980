package dev.svcnet.harness.container;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.opentest4j.TestAbortedException;
import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine answers through Testcontainers, and if not, exactly why and how to
 * start one. Tests that need Docker call {@link #abortIfUnavailable()}, which aborts them (JUnit
 * reports them as skipped, with the reason) instead of letting them pass or vanish.
 *
 * <p>Unlike {@code @Testcontainers(disabledWithoutDocker = true)}, which swallows every failure
 * (including a failed Ryuk pull) and silently disables the tests, this check names the cause.
 *
 * @param available whether Docker answered a ping
 * @param reason    why not (with the fix), or a short description of the engine when available
 */
public record DockerAvailability(boolean available, String reason) {

  /** The Unix socket Testcontainers uses when {@code DOCKER_HOST} is not set. */
  public static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

  static final String HOW_TO_START = "start an engine with scripts/start-dockerd (as root), or "
      + "install one first with: apt-get install docker.io";

  private static volatile DockerAvailability cached;

  /** Validates that an unavailable engine comes with a reason. */
  public DockerAvailability {
    Objects.requireNonNull(reason, "reason");
    if (!available && reason.isBlank()) {
      throw new IllegalArgumentException("an unavailable engine needs a reason");
    }
  }

  /** Probes once per JVM and remembers the answer. */
  public static DockerAvailability probe() {
    DockerAvailability result = cached;
    if (result == null) {
      synchronized (DockerAvailability.class) {
        result = cached;
        if (result == null) {
          result = probeNow();
          cached = result;
        }
      }
    }
    return result;
  }

  /**
   * Aborts the calling test (a {@link TestAbortedException}, printed to stderr as well) when no
   * engine answers.
   */
  public static void abortIfUnavailable() {
    DockerAvailability availability = probe();
    if (!availability.available()) {
      String message = "Docker unavailable: " + availability.reason();
      System.err.println("ABORTED: " + message);
      throw new TestAbortedException(message);
    }
  }

  private static DockerAvailability probeNow() {
    if (!"true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
      return new DockerAvailability(false, "the environment variable "
          + "TESTCONTAINERS_RYUK_DISABLED is not 'true': Testcontainers would pull its Ryuk "
          + "reaper image, and no registry is reachable here. Run through Maven (Surefire sets "
          + "it) or export TESTCONTAINERS_RYUK_DISABLED=true");
    }
    String dockerHost = System.getenv("DOCKER_HOST");
    if ((dockerHost == null || dockerHost.isBlank()) && !Files.exists(DEFAULT_SOCKET)) {
      return new DockerAvailability(false, "Docker is not reachable: no socket at "
          + DEFAULT_SOCKET + " and DOCKER_HOST is not set; " + HOW_TO_START);
    }
    try {
      var version = EngineClient.get().versionCmd().exec();
      return new DockerAvailability(true, "Docker " + version.getVersion() + " (API "
          + version.getApiVersion() + ") at "
          + DockerClientFactory.instance().getTransportConfig().getDockerHost());
    } catch (RuntimeException | LinkageError e) {
      return new DockerAvailability(false, "Docker is not reachable"
          + (dockerHost == null ? " at " + DEFAULT_SOCKET : " at DOCKER_HOST=" + dockerHost)
          + " (" + e + "); " + HOW_TO_START);
    }
  }
}
