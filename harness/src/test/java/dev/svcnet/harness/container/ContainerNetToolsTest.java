package dev.svcnet.harness.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.containers.Container;
import org.testcontainers.images.builder.Transferable;

/**
 * Runs the host's network tools and JDK inside one Testcontainers container of
 * {@link NetToolsImage}, in the container's own network namespace. Needs a Docker engine
 * ({@code scripts/start-dockerd}); without one every test is aborted with the reason.
 */
class ContainerNetToolsTest {

  private static NetToolsContainer container;

  @BeforeAll
  static void startContainer() throws IOException {
    DockerAvailability.abortIfUnavailable();
    NetToolsImage image = NetToolsImage.ensure();
    System.out.printf("nettools image %s: %s in %d ms%n", image.name(),
        image.built() ? "assembled and built" : "already present, reused",
        image.elapsed().toMillis());
    long start = System.nanoTime();
    container = new NetToolsContainer(image);
    container.start();
    System.out.printf("container %s started in %d ms%n", container.getContainerId(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  @AfterAll
  static void stopContainer() {
    if (container != null) {
      container.stop();
    }
  }

  @Test
  void ipLink_showsLoopbackAndEth0() throws IOException {
    String links = container.execChecked("ip", "link").getStdout();

    assertThat(links).containsPattern("(?m)^1: lo: <LOOPBACK");
    assertThat(links).containsPattern("(?m)^\\d+: eth0@if\\d+: ");
  }

  @Test
  void container_isNotPrivilegedButHasNetAdmin() throws IOException {
    String status = container.execChecked("cat", "/proc/self/status").getStdout();
    long effective = Long.parseLong(status.lines()
        .filter(line -> line.startsWith("CapEff:"))
        .findFirst().orElseThrow().substring("CapEff:".length()).strip(), 16);

    long netAdmin = 1L << 12;
    long netRaw = 1L << 13;
    long sysAdmin = 1L << 21;
    assertThat(effective & netAdmin).as("CAP_NET_ADMIN").isNotZero();
    assertThat(effective & netRaw).as("CAP_NET_RAW").isNotZero();
    assertThat(effective & sysAdmin).as("CAP_SYS_ADMIN (privileged)").isZero();
  }

  @ParameterizedTest(name = "iptables-{0}")
  @ValueSource(strings = {"legacy", "nft"})
  void iptablesRule_roundTripsInsideTheContainerOnly(String backend) throws IOException {
    String chain = "SVCNET-TC-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    String rules = "*filter\n"
        + ":" + chain + " - [0:0]\n"
        + "-A " + chain + " -m statistic --mode random --probability 0.3333333333 -j ACCEPT\n"
        + "COMMIT\n";
    String file = "/tmp/" + chain + ".rules";
    container.copyFileToContainer(Transferable.of(rules), file);

    container.execChecked("iptables-" + backend + "-restore", file);
    String inside = container.execChecked("iptables-" + backend + "-save").getStdout();
    String host = runOnHost(List.of("iptables-" + backend + "-save"));

    assertThat(inside).contains(
        "-A " + chain + " -m statistic --mode random --probability 0.33333333349 -j ACCEPT");
    assertThat(host).as("the host's own namespace").doesNotContain(chain);
  }

  @Test
  void iptables_defaultsToTheHostsBackend() throws IOException {
    String inside = container.execChecked("iptables", "--version").getStdout().strip();
    String host = runOnHost(List.of("iptables", "--version")).strip();

    assertThat(inside).isEqualTo(host);
  }

  @Test
  void nftAndIpvsadm_run() throws IOException {
    container.execChecked("nft", "add", "table", "inet", "svcnet_tc");
    String ruleset = container.execChecked("nft", "list", "ruleset").getStdout();
    Container.ExecResult ipvsadm = execUnchecked("ipvsadm", "--version");

    assertThat(ruleset).contains("table inet svcnet_tc");
    // The container shares the host kernel, which may lack IPVS (these machines): then ipvsadm
    // loads and runs but cannot open its netlink family. A missing library or loader would
    // print neither answer.
    assertThat(ipvsadm.getStdout() + ipvsadm.getStderr())
        .containsAnyOf("ipvsadm v", "Can't initialize ipvs");
  }

  @Test
  void nginx_runsInsideTheContainerWhenTheHostHasIt() throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(NetToolsRootfs.NGINX), NetToolsRootfs.NGINX
        + " is not on this host, so the image has no nginx (apt-get install nginx)");

    Container.ExecResult version = container.execChecked(NetToolsRootfs.NGINX.toString(), "-v");

    assertThat(version.getStderr()).startsWith("nginx version: nginx/");
  }

  @Test
  void java_runsInsideTheContainer() throws IOException {
    Container.ExecResult result = container.execChecked(container.javaCommand(), "-version");
    Container.ExecResult onPath = container.execChecked("java", "-version");

    String expected = "version \"" + System.getProperty("java.version") + "\"";
    assertThat(result.getStderr()).contains(expected);
    assertThat(onPath.getStderr()).contains(expected);
  }

  private static Container.ExecResult execUnchecked(String... command) throws IOException {
    try {
      return container.execInContainer(command);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static String runOnHost(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException(command + " failed on the host: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return output;
  }
}
