package dev.svcnet.harness.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A JUnit class of this build that runs inside the Debian kernel: everything it checks holds only
 * there (this host has no IPVS and runs another kernel).
 */
@InKernelVm(timeoutSeconds = 240)
class InKernelVmTest {

  private static final Path IP_VS = Path.of("/proc/net/ip_vs");

  @BeforeAll
  static void loadIpvs() throws Exception {
    // Runs only in the guest: on the host this would fail (no ip_vs module there).
    assertThat(command("modprobe", "ip_vs").exitCode).isZero();
  }

  @Test
  void ipvsIsThereAfterModprobe() {
    assertThat(IP_VS).exists();
    assertThat(System.getenv(KernelVm.GUEST_ENV)).isEqualTo("1");
  }

  @Test
  void ipvsadmListsTheEmptyTable() throws Exception {
    Output listing = command("ipvsadm", "-L", "-n");
    assertThat(listing.exitCode).isZero();
    assertThat(listing.text.lines().toList()).containsExactly(
        "IP Virtual Server version 1.2.1 (size=4096)",
        "Prot LocalAddress:Port Scheduler Flags",
        "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn");
  }

  @Test
  void runsOnThePreparedKernel() throws Exception {
    assertThat(System.getProperty("os.version"))
        .isEqualTo(KernelVmTestSupport.preparedKernelVersion());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ip_vs_wrr", "ip_vs_mh"})
  void schedulerModulesLoad(String module) throws Exception {
    assertThat(command("modprobe", module).exitCode).isZero();
    assertThat(Path.of("/sys/module", module)).isDirectory();
  }

  private record Output(int exitCode, String text) {}

  private static Output command(String... argv) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(List.of(argv)).redirectErrorStream(true).start();
    String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", argv) + " did not finish");
    }
    return new Output(process.exitValue(), text);
  }

}
