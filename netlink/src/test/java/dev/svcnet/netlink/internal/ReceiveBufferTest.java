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
import dev.svcnet.netlink.netns.NetworkNamespace;
import dev.svcnet.netlink.netns.Privileges;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Datagrams are received with one system call each, without MSG_PEEK: one that does not fit the
 * receive buffer is detected (MSG_TRUNC), reported as lost, and the retry fits. Real sockets in a
 * fresh network namespace.
 */
class ReceiveBufferTest {

  private static final int RTM_GETLINK = 18;
  private static final int IFLA_IFNAME = 3;

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
}
