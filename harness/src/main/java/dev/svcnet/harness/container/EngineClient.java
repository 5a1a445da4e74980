package dev.svcnet.harness.container;

import com.github.dockerjava.api.DockerClient;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;

/**
 * A docker-java client for the engine Testcontainers found, made without running
 * Testcontainers' startup checks. {@code DockerClientFactory.client()} runs those checks in a
 * container of the "tiny image" unless {@code TESTCONTAINERS_CHECKS_DISABLE=true} is in the
 * environment or {@code checks.disable=true} is in {@code ~/.testcontainers.properties} (a
 * classpath {@code testcontainers.properties} cannot disable them); here the tiny image is
 * {@link NetToolsImage}, so it has to be imported with a client that does not need it yet.
 */
final class EngineClient {

  private static DockerClient client;

  private EngineClient() {}

  /** The client, created on first use; finds the engine as Testcontainers does. */
  static synchronized DockerClient get() {
    if (client == null) {
      client = DockerClientProviderStrategy.getClientForConfig(
          DockerClientFactory.instance().getTransportConfig());
    }
    return client;
  }
}
