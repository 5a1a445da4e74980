package dev.svcnet.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.svcnet.netlink.genl.GenericNetlink;
import dev.svcnet.netlink.genl.GenlFamily;
import dev.svcnet.netlink.netns.Iproute2;
import dev.svcnet.netlink.netns.NetworkNamespace;
import dev.svcnet.netlink.netns.Privileges;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real sockets to this machine's kernel, each test in a fresh network namespace. */
class NetlinkSocketTest {

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
    ns = NetworkNamespace.create("netlink-socket");
  }

  @AfterEach
  void closeNamespace() {
    if (ns != null) {
      ns.close();
    }
  }

  @Test
  void resolvesTheControllerFamilyAndCachesIt() throws Exception {
    ns.run(() -> {
      try (GenericNetlink genl = GenericNetlink.open()) {
        GenlFamily ctrl = genl.family("nlctrl");
        assertThat(ctrl.id()).isEqualTo(GenericNetlink.GENL_ID_CTRL);
        assertThat(ctrl.name()).isEqualTo("nlctrl");
        assertThat(genl.family("nlctrl")).isSameAs(ctrl);
      }
    });
  }

  @Test
  void anUnknownFamilyIsENOENTNamingIt() throws Exception {
    ns.run(() -> {
      try (GenericNetlink genl = GenericNetlink.open()) {
        assertThatThrownBy(() -> genl.family("svcnet-none"))
            .isInstanceOf(NetlinkException.class)
            .hasMessageContaining("'svcnet-none' is not available")
            .hasMessageContaining("ENOENT")
            .extracting(e -> ((NetlinkException) e).errno()).isEqualTo(Errno.ENOENT);
      }
    });
  }

  @Test
  void familyDumpListsTheController() throws Exception {
    ns.run(() -> {
      try (GenericNetlink genl = GenericNetlink.open()) {
        assertThat(genl.families()).extracting(GenlFamily::name).contains("nlctrl");
      }
    });
  }

  @Test
  void aDumpOfLinksInAFreshNamespaceSeesOnlyItsOwnInterfaces() throws Exception {
    Iproute2.in(ns).addBridge("br-nl0");
    List<String> names = ns.call(() -> {
      try (NetlinkSocket route = NetlinkSocket.open(Netlink.NETLINK_ROUTE)) {
        List<String> found = new ArrayList<>();
        route.dump(MessageBuilder.request(RTM_GETLINK, 0).familyHeader(new byte[16]).build(),
            message -> found.add(message.attributes(16).string(IFLA_IFNAME)));
        return found;
      }
    });
    assertThat(names).containsExactlyInAnyOrder("lo", "br-nl0");
  }

  @Test
  void anAttributesDumpSeesWhatAMessageDumpSees() throws Exception {
    Iproute2.in(ns).addBridge("br-nl1");
    List<List<String>> both = ns.call(() -> {
      try (NetlinkSocket route = NetlinkSocket.open(Netlink.NETLINK_ROUTE)) {
        NetlinkRequest getLinks = MessageBuilder.request(RTM_GETLINK, 0)
            .familyHeader(new byte[16]).build();
        List<String> messages = new ArrayList<>();
        route.dump(getLinks, message -> messages.add(message.attributes(16).string(IFLA_IFNAME)));
        List<String> attributes = new ArrayList<>();
        route.dump(getLinks, 16, (type, attrs) -> {
          assertThat(type).isEqualTo(16); // RTM_NEWLINK
          attributes.add(attrs.string(IFLA_IFNAME));
        });
        return List.of(messages, attributes);
      }
    });
    assertThat(both.get(1)).containsExactlyInAnyOrder("lo", "br-nl1")
        .containsExactlyElementsOf(both.get(0));
  }

  @Test
  void aBatchReportsEachRequestsOutcomeInOrder() throws Exception {
    ns.run(() -> {
      try (GenericNetlink genl = GenericNetlink.open()) {
        List<NetlinkRequest> requests = List.of(getFamily("nlctrl"), getFamily("svcnet-none"),
            getFamily("nlctrl"));
        List<BatchOutcome> outcomes = genl.socket().executeBatch(requests);
        assertThat(outcomes).extracting(BatchOutcome::index).containsExactly(0, 1, 2);
        assertThat(outcomes).extracting(BatchOutcome::succeeded).containsExactly(true, false, true);
        assertThat(outcomes.get(0).replies()).hasSize(1);
        assertThat(outcomes.get(1).error().errno()).isEqualTo(Errno.ENOENT);
        assertThat(outcomes.get(1).error()).hasMessageContaining("batch request #1");
      }
    });
  }

  @Test
  void aLargeBatchIsSplitIntoDatagramsWithoutLosingAcks() throws Exception {
    ns.run(() -> {
      try (GenericNetlink genl = GenericNetlink.open()) {
        List<NetlinkRequest> requests = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
          requests.add(getFamily(i % 100 == 99 ? "svcnet-none" : "nlctrl"));
        }
        List<BatchOutcome> outcomes = genl.socket().executeBatch(requests);
        assertThat(outcomes).hasSize(3000);
        for (BatchOutcome outcome : outcomes) {
          assertThat(outcome.succeeded()).as("request %d", outcome.index())
              .isEqualTo(outcome.index() % 100 != 99);
        }
      }
    });
  }

  @Test
  void theKernelsExtendedAckTextIsCarried() throws Exception {
    ns.run(() -> {
      try (NetlinkSocket route = NetlinkSocket.open(Netlink.NETLINK_ROUTE)) {
        // RTM_NEWLINK for a veth with an interface name longer than IFNAMSIZ.
        NetlinkRequest request = MessageBuilder.request(16, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL)
            .familyHeader(new byte[16])
            .string(IFLA_IFNAME, "a-name-far-too-long-for-ifnamsiz")
            .build();
        assertThatThrownBy(() -> route.execute(request))
            .isInstanceOf(NetlinkException.class)
            .satisfies(e -> {
              NetlinkException ne = (NetlinkException) e;
              assertThat(ne.errno()).isEqualTo(Errno.ERANGE);
              assertThat(ne.extAck()).isNotBlank();
              assertThat(ne.getMessage()).contains("ERANGE (34)").contains(ne.extAck());
            });
      }
    });
  }

  @Test
  void aClosedSocketRefusesRequests() throws Exception {
    ns.run(() -> {
      GenericNetlink genl = GenericNetlink.open();
      genl.close();
      assertThatThrownBy(() -> genl.family("nlctrl")).isInstanceOf(NetlinkException.class)
          .hasMessageContaining("closed");
    });
  }

  private static NetlinkRequest getFamily(String name) {
    return MessageBuilder.request(GenericNetlink.GENL_ID_CTRL, 0)
        .genlHeader(GenericNetlink.CTRL_CMD_GETFAMILY, 1)
        .string(GenericNetlink.CTRL_ATTR_FAMILY_NAME, name)
        .build();
  }
}
