package dev.svcnet.netlink.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.svcnet.netlink.exec.ExternalCommand;
import dev.svcnet.netlink.netns.internal.ThreadNetworkNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetworkNamespaceTest {

  @BeforeEach
  void needsRoot() {
    String missing = Privileges.missingForNamespaces();
    if (missing != null) {
      System.err.println("SKIPPED " + getClass().getSimpleName() + ": " + missing);
    }
    assumeTrue(missing == null, missing);
  }

  @Test
  void createdNamespaceIsNewAndLeavesTheCallerWhereItWas() throws Exception {
    long before = ThreadNetworkNamespace.currentInode();
    try (NetworkNamespace ns = NetworkNamespace.create("fresh")) {
      long inside = ns.call(ThreadNetworkNamespace::currentInode);
      assertThat(inside).isEqualTo(ns.inode()).isNotEqualTo(before);
      assertThat(ThreadNetworkNamespace.currentInode()).isEqualTo(before);
      assertThat(Files.exists(ns.path())).isTrue();
    }
  }

  @Test
  void freshNamespaceHasOnlyLoopbackAndItIsUp() throws Exception {
    try (NetworkNamespace ns = NetworkNamespace.create("lo-only")) {
      String links = Iproute2.in(ns).ip("-br", "link");
      assertThat(links.strip().lines()).hasSize(1);
      assertThat(links).startsWith("lo").contains("UNKNOWN");
    }
  }

  @Test
  void programsStartedInsideSeeTheNamespace() throws Exception {
    try (NetworkNamespace ns = NetworkNamespace.create("programs")) {
      Iproute2.in(ns).addBridge("br-test");
      String inside = ns.call(() -> ExternalCommand.of("ip", "-br", "link").runChecked());
      String outside = ExternalCommand.of("ip", "-br", "link").runChecked();
      assertThat(inside).contains("br-test");
      assertThat(outside).doesNotContain("br-test");
    }
  }

  @Test
  void tcpConnectionCrossesAVethPairBetweenTwoNamespaces() throws Exception {
    try (NetworkNamespace client = NetworkNamespace.create("client");
        NetworkNamespace server = NetworkNamespace.create("server")) {
      Iproute2 clientIp = Iproute2.in(client);
      Iproute2 serverIp = Iproute2.in(server);
      clientIp.addVethPair("veth-c", server, "veth-s");
      clientIp.addAddress("veth-c", "10.200.0.1/24");
      serverIp.addAddress("veth-s", "10.200.0.2/24");
      clientIp.up("veth-c");
      serverIp.up("veth-s");

      try (ServerSocket listener = server.call(() -> {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName("10.200.0.2"), 0));
        return socket;
      })) {
        int port = listener.getLocalPort();
        String peer = client.call(() -> {
          try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("10.200.0.2", port), 5_000);
            String local = socket.getLocalAddress().getHostAddress();
            try (OutputStream out = socket.getOutputStream()) {
              out.write("hello".getBytes(StandardCharsets.US_ASCII));
            }
            return local;
          }
        });
        assertThat(peer).isEqualTo("10.200.0.1");
        try (Socket accepted = listener.accept(); InputStream in = accepted.getInputStream()) {
          assertThat(((InetSocketAddress) accepted.getRemoteSocketAddress()).getHostString())
              .isEqualTo("10.200.0.1");
          assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello");
        }
      }
    }
  }

  @Test
  void joinEntersAnExistingNamespaceAndCloseLeavesItAlive() throws Exception {
    try (NetworkNamespace owner = NetworkNamespace.create("owner")) {
      try (NetworkNamespace guest = NetworkNamespace.join(owner.path(), "guest")) {
        assertThat(guest.inode()).isEqualTo(owner.inode());
        Iproute2.in(guest).addBridge("br-joined");
      }
      assertThat(Iproute2.in(owner).ip("-br", "link")).contains("br-joined");
    }
  }

  @Test
  void closingTheNamespaceRemovesItsEndOfAVethPair() throws Exception {
    try (NetworkNamespace keeper = NetworkNamespace.create("keeper")) {
      NetworkNamespace doomed = NetworkNamespace.create("doomed");
      Iproute2.in(doomed).addVethPair("veth-d", keeper, "veth-k");
      assertThat(Iproute2.in(keeper).ip("-br", "link")).contains("veth-k");
      doomed.close();
      // The kernel tears the namespace down asynchronously once its last thread is gone.
      String links = "";
      for (int i = 0; i < 100; i++) {
        links = Iproute2.in(keeper).ip("-br", "link");
        if (!links.contains("veth-k")) {
          break;
        }
        Thread.sleep(50);
      }
      assertThat(links).doesNotContain("veth-k");
    }
  }

  @Test
  void exceptionsFromTheTaskReachTheCallerUnchanged() throws Exception {
    try (NetworkNamespace ns = NetworkNamespace.create("errors")) {
      assertThatThrownBy(() -> ns.call(() -> {
        throw new IOException("boom");
      })).isExactlyInstanceOf(IOException.class).hasMessage("boom");
      assertThatThrownBy(() -> ns.run(() -> {
        throw new AssertionError("failed inside");
      })).isExactlyInstanceOf(AssertionError.class).hasMessage("failed inside");
    }
  }

  @Test
  void aClosedNamespaceRefusesWork() throws Exception {
    NetworkNamespace ns = NetworkNamespace.create("closed");
    ns.close();
    assertThatThrownBy(() -> ns.call(() -> 1))
        .isInstanceOf(NamespaceException.class)
        .hasMessageContaining("'closed' is closed");
  }

  @Test
  void joiningAMissingFileNamesIt() {
    assertThatThrownBy(() -> NetworkNamespace.join(java.nio.file.Path.of("/run/netns/none-such"), "x"))
        .isInstanceOf(NamespaceException.class)
        .hasMessageContaining("/run/netns/none-such")
        .hasMessageContaining("ENOENT");
  }
}
