package dev.svcnet.harness.netns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.NetworkNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@InNetworkNamespace
class NetnsExtensionTest {

  private long beforeEachInode;

  private static long currentInode() throws Exception {
    String link = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
    return Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
  }

  @BeforeEach
  void recordNamespace() throws Exception {
    beforeEachInode = currentInode();
  }

  @Test
  void testAndItsSetUpRunInTheGivenNamespace(NetworkNamespace ns) throws Exception {
    assertThat(currentInode()).isEqualTo(ns.inode()).isEqualTo(beforeEachInode);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void parameterizedInvocationsRunInTheirOwnNamespace(int invocation, NetworkNamespace ns)
      throws Exception {
    assertThat(currentInode()).isEqualTo(ns.inode()).isEqualTo(beforeEachInode);
    assertThat(ExternalCommand.of("ip", "-br", "link").runChecked()).doesNotContain("leftover0");
    ExternalCommand.of("ip", "link", "add", "leftover0", "type", "bridge").runChecked();
  }

  @Test
  void eachTestGetsAFreshNamespaceWithOnlyLoopback() throws Exception {
    String links = ExternalCommand.of("ip", "-br", "link").runChecked();
    assertThat(links.strip().lines()).hasSize(1).allMatch(line -> line.startsWith("lo "));
    // Leave something behind: the next test must not see it.
    ExternalCommand.of("ip", "link", "add", "leftover0", "type", "bridge").runChecked();
  }

  @Test
  void nothingLeaksBetweenTests() throws Exception {
    assertThat(ExternalCommand.of("ip", "-br", "link").runChecked()).doesNotContain("leftover0");
    ExternalCommand.of("ip", "link", "add", "leftover0", "type", "bridge").runChecked();
  }

  @AfterEach
  void tearDownRunsInsideToo() throws Exception {
    assertThat(currentInode()).isEqualTo(beforeEachInode);
  }
}
