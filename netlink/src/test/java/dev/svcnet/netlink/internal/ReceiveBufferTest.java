package dev.svcnet.netlink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.svcnet.netlink.Errno;
import dev.svcnet.netlink.MessageBuilder;
import dev.svcnet.netlink.Netlink;
import dev.svcnet.netlink.NetlinkOverrunException;
import dev.svcnet.netlink.NetlinkRequest;
import dev.svcnet.netlink.NetlinkSocket;
import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.NetworkNamespace;
import dev.svcnet.netlink.netns.Privileges;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Datagrams are received without MSG_PEEK (a dump's a few per recvmmsg): one that does not fit the
 * receive buffer is detected (MSG_TRUNC), reported as lost, and the retry fits; a dump of many
 * datagrams arrives whole. Real sockets in a fresh network namespace.
 */
class ReceiveBufferTest {

  private static final int RTM_GETLINK = 18;
  private static final int IFLA_IFNAME = 3;
  private static final int RTM_GETADDR = 22;
  private static final int IFA_ADDRESS = 1;

  private NetworkNamespace ns;

  @BeforeEach
  void freshNamespace() throws Exception {
    String missing = Privileges.missingForNamespaces();
    if (missing != null) {
      System.err.println("SKIPPED " + getClass().getSimpleName() + ": " + missing);
    }
    assumeTrue(missing == null, missing);
    ns = NetworkNamespace.create("netlink-rcvbuf");
  }

  @AfterEach
  void closeNamespace() {
    if (ns != null) {
      ns.close();
    }
  }

  @Test
  void aDatagramLargerThanTheBufferIsReportedLostAndTheRetryFits() throws Exception {
    NetlinkRequest getLinks = MessageBuilder.request(RTM_GETLINK, 0)
        .familyHeader(new byte[16]).build();
    ns.run(() -> {
      // A link message of "lo" alone is far larger than 64 bytes.
      try (NetlinkSocket route = JnaNetlinkSocket.open(Netlink.NETLINK_ROUTE,
          Duration.ofSeconds(5), 64)) {
        assertThatThrownBy(() -> route.dump(getLinks, 16, (type, attributes) -> { }))
            .isInstanceOf(NetlinkOverrunException.class)
            .hasMessageContaining("did not fit the 64-byte receive buffer")
            .hasMessageContaining("retry")
            .satisfies(e -> assertThat(((NetlinkOverrunException) e).errno())
                .isEqualTo(Errno.EMSGSIZE));
        List<String> names = new ArrayList<>();
        route.dump(getLinks, 16, (type, attributes) -> names.add(attributes.string(IFLA_IFNAME)));
        assertThat(names).containsExactly("lo");
      }
    });
  }

  @Test
  void aSocketOpenedSmallerThanTheKernelsSmallestDumpDatagramStillLosesNothing() throws Exception {
    NetlinkRequest getLinks = MessageBuilder.request(RTM_GETLINK, 0)
        .familyHeader(new byte[16]).build();
    ns.run(() -> {
      // The same 64 bytes that lose lo's link message above, asked for through the public API.
      try (NetlinkSocket route = NetlinkSocket.open(Netlink.NETLINK_ROUTE,
          Duration.ofSeconds(5), 64)) {
        List<String> names = new ArrayList<>();
        route.dump(getLinks, 16, (type, attributes) -> names.add(attributes.string(IFLA_IFNAME)));
        assertThat(names).containsExactly("lo");
      }
    });
  }

  @Test
  void aDumpOfManyDatagramsIsReadWholeAndTheSocketStaysUsable() throws Exception {
    int count = 2000;
    StringBuilder batch = new StringBuilder();
    Set<String> expected = new HashSet<>(Set.of("127.0.0.1"));
    for (int i = 0; i < count; i++) {
      String address = "10.77." + (i / 250) + "." + (1 + i % 250);
      batch.append("address add ").append(address).append("/32 dev lo\n");
      expected.add(address);
    }
    NetlinkRequest getAddresses = MessageBuilder.request(RTM_GETADDR, 0)
        .familyHeader(new byte[] {2, 0, 0, 0, 0, 0, 0, 0}).build();
    ns.run(() -> {
      ExternalCommand.of("ip", "link", "set", "lo", "up").runChecked();
      ExternalCommand.of("ip", "-batch", "-").withStdin(batch.toString()).runChecked();
      // 8 KiB datagrams: the kernel fills each dump step to what the socket's receives ask
      // for, so 2,001 addresses take dozens of datagrams, received a few per system call.
      try (NetlinkSocket route = JnaNetlinkSocket.open(Netlink.NETLINK_ROUTE,
          Duration.ofSeconds(5), 8192)) {
        for (int round = 0; round < 3; round++) {
          List<String> seen = new ArrayList<>();
          route.dump(getAddresses, 8, (type, attributes) -> {
            byte[] address = attributes.bytes(IFA_ADDRESS);
            seen.add((address[0] & 0xFF) + "." + (address[1] & 0xFF) + "."
                + (address[2] & 0xFF) + "." + (address[3] & 0xFF));
          });
          assertThat(seen).hasSize(count + 1);
          assertThat(new HashSet<>(seen)).isEqualTo(expected);
        }
      }
    });
  }
}
