package dev.svcnet.ipvs.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.harness.vm.RoutableDummy;
import dev.svcnet.harness.netns.InNetworkNamespace;
import dev.svcnet.harness.vm.InKernelVm;
import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.ipvs.IpvsOperation;
import dev.svcnet.ipvs.Service;
import dev.svcnet.netlink.exec.ExternalCommand;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * svcnet's text against the real ipvsadm 1.31 (Debian's) on a real kernel under QEMU: for one
 * varied table, each listing view and the saved rules must be byte-identical, and what
 * ipvsadm-restore programs must be the table the rule parser computes. Each test has a fresh
 * network namespace of the guest, so an empty IPVS table.
 */
@InKernelVm(timeoutSeconds = 900)
@InNetworkNamespace
class IpvsadmTextKernelTest {

  /** Rules using each part of the formats; addresses routable through the dummy below. */
  private static final String RULES = String.join("\n",
      "-A -t 10.96.0.10:80 -s rr",
      "-a -t 10.96.0.10:80 -r 10.244.1.2:8080 -m -w 1",
      "-a -t 10.96.0.10:80 -r 10.244.2.3:8080 -m -w 3 -x 100 -y 10",
      "-a -t 10.96.0.10:80 -r 10.244.0.1:80 -g -w 2",
      "-A -t 192.168.7.1:443 -s wlc -p 360 -M 255.255.255.0",
      "-a -t 192.168.7.1:443 -r 10.244.5.5:443 -g -w 65535",
      "-A -u [fd00:96::a]:53 -s sh -p 600 -M 64 -o -b sh-fallback,sh-port",
      "-a -u [fd00:96::a]:53 -r [fd00:244::2]:5353 -m -w 0",
      "-a -u [fd00:96::a]:53 -r [fd00:244::1:3]:5353 -m -w 4",
      "-A -f 7 -s wlc -p 30 -M 255.255.255.0 -b flag-3",
      "-a -f 7 -r 10.244.3.4:0 -g -w 1",
      "-a -f 7 -r 10.244.3.5:0 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum",
      "-a -f 7 -r 10.244.3.6:0 -i -w 1 --tun-type gre --tun-nocsum",
      "-a -f 7 -r 10.244.3.7:0 -i -w 1 --tun-type ipip",
      "-A -f 4000000000 -6 -s mh -b mh-port",
      "-A --sctp-service 10.96.0.11:3868 -s mh -b mh-fallback",
      "-a --sctp-service 10.96.0.11:3868 -r 10.244.4.4:3868 -m -w 5",
      "");

  @BeforeAll
  static void loadModules() throws Exception {
    for (String module : List.of("ip_vs", "ip_vs_rr", "ip_vs_wlc", "ip_vs_sh", "ip_vs_mh",
        "dummy")) {
      ExternalCommand.of("modprobe", module).runChecked();
    }
  }

  /** A dummy interface with 10.244.0.1/16 and fd00:244::1/64 and default routes through it. */
  @BeforeEach
  void routableDummy() throws Exception {
    RoutableDummy.add();
  }

  /** Programs the rules with svcnet's parser and client (not with ipvsadm). */
  private static void programWithSvcnet() throws Exception {
    try (IpvsClient ipvs = IpvsClient.open()) {
      List<IpvsOperation> operations = IpvsadmRules.parse(RULES).stream()
          .map(IpvsadmRules.Rule::operation).toList();
      ipvs.apply(operations);
    }
  }

  @ParameterizedTest(name = "ipvsadm -L -n {0}")
  @ValueSource(strings = {"", "--stats", "--rate", "--exact --stats", "--thresholds",
      "--persistent-conn", "--tun-info", "--nosort"})
  void listingsAreByteIdentical(String flags) throws Exception {
    programWithSvcnet();
    List<String> argv = new java.util.ArrayList<>(List.of("ipvsadm", "-L", "-n"));
    if (!flags.isEmpty()) {
      argv.addAll(List.of(flags.split(" ")));
    }
    String real = ExternalCommand.of(argv.toArray(String[]::new)).runChecked();
    IpvsadmListing.View view = flags.contains("--stats") ? IpvsadmListing.View.STATS
        : flags.contains("--rate") ? IpvsadmListing.View.RATE
        : flags.contains("--thresholds") ? IpvsadmListing.View.THRESHOLDS
        : flags.contains("--persistent-conn") ? IpvsadmListing.View.PERSISTENT_CONN
        : flags.contains("--tun-info") ? IpvsadmListing.View.TUN_INFO
        : IpvsadmListing.View.DEFAULT;
    try (IpvsClient ipvs = IpvsClient.open()) {
      String ours = IpvsadmListing.render(ipvs.info(), ipvs.dump(), new IpvsadmListing.Options(
          view, flags.contains("--exact"), flags.contains("--nosort")));
      assertThat(ours).isEqualTo(real);
    }
  }

  @Test
  void savedRulesAreByteIdenticalAndTheTimeoutLineToo() throws Exception {
    programWithSvcnet();
    String real = ExternalCommand.of("ipvsadm", "-S", "-n").runChecked();
    try (IpvsClient ipvs = IpvsClient.open()) {
      assertThat(IpvsadmRules.write(ipvs.dump())).isEqualTo(real);
      assertThat(IpvsadmListing.timeouts(ipvs.timeouts()))
          .isEqualTo(ExternalCommand.of("ipvsadm", "-L", "--timeout").runChecked());
    }
  }

  @Test
  void whatIpvsadmRestoreProgramsIsTheTableTheParserComputes() throws Exception {
    var restore = ExternalCommand.of("ipvsadm-restore").withStdin(RULES).run();
    assertThat(restore.exitCode()).as(restore.describe()).isZero();
    List<Service> expected = IpvsadmRules.state(IpvsadmRules.parse(RULES));
    try (IpvsClient ipvs = IpvsClient.open()) {
      List<Service> actual = ipvs.dump();
      // the kernel made 10.244.0.1 (local) a Local destination; the reconciler accepts that
      assertThat(Reconciler.diff(actual, expected)).isEmpty();
      assertThat(IpvsadmRules.write(actual)).isEqualTo(IpvsadmRules.write(expected));
    }
  }

  @Test
  void aReconcileInOneBatchMakesTheKernelEqualToTheFile() throws Exception {
    ExternalCommand.of("ipvsadm-restore").withStdin(String.join("\n",
        "-A -t 10.96.0.10:80 -s wlc",
        "-a -t 10.96.0.10:80 -r 10.244.1.2:8080 -m -w 9",
        "-a -t 10.96.0.10:80 -r 10.244.9.9:8080 -m -w 1",
        "-A -t 10.96.0.99:80 -s rr",
        "")).runChecked();
    List<Service> desired = IpvsadmRules.state(IpvsadmRules.parse(RULES));
    try (IpvsClient ipvs = IpvsClient.open()) {
      ipvs.apply(Reconciler.diff(ipvs.dump(), desired));
      assertThat(Reconciler.diff(ipvs.dump(), desired)).isEmpty();
    }
    assertThat(ExternalCommand.of("ipvsadm", "-S", "-n").runChecked())
        .isEqualTo(IpvsadmRules.write(desired));
  }

  /** Three UDP clients of the IPv6 sh service, two datagrams each. */
  private static void sendUdpTraffic() throws Exception {
    // local UDP clients of the virtual service: IPVS schedules locally sent packets too
    for (int i = 0; i < 3; i++) {
      try (java.net.DatagramSocket socket = new java.net.DatagramSocket()) {
        byte[] payload = new byte[100 + i];
        socket.send(new java.net.DatagramPacket(payload, payload.length,
            java.net.InetAddress.getByName("fd00:96::a"), 53));
        socket.send(new java.net.DatagramPacket(payload, payload.length,
            java.net.InetAddress.getByName("fd00:96::a"), 53));
      }
    }
  }

  /**
   * Four TCP connections to the Masq service 10.96.0.10:80: a SYN each from a local socket that
   * is closed at once; nothing answers (the real servers are behind the dummy), so each entry
   * stays in SYN_RECV for about a minute.
   */
  private static void openTcpConnections() throws Exception {
    for (int i = 0; i < 4; i++) {
      try (java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open()) {
        channel.configureBlocking(false);
        channel.connect(new java.net.InetSocketAddress(
            java.net.InetAddress.getByName("10.96.0.10"), 80));
      }
    }
  }

  /**
   * The kernel folds per-CPU counters into the totals on its estimator's tick (every 2 s on
   * recent kernels): wait until all six UDP packets show, after which the totals stay put.
   */
  private static void awaitSixPackets() throws Exception {
    try (IpvsClient ipvs = IpvsClient.open()) {
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (ipvs.dump().stream().mapToLong(s -> s.stats().inPackets()).sum() < 6
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
    }
  }

  /**
   * Runs ipvsadm between two renderings of svcnet's and compares when both renderings agree.
   * The compared text moves on its own (expiry seconds count down, rates change on each
   * estimator tick), so a rendering taken a moment before or after ipvsadm's can differ from it
   * honestly. Every value in it moves in one direction only (expiries down; the set of entries
   * is fixed while nothing is sent), so when svcnet's text is the same before and after,
   * ipvsadm's, read in between, must equal it. Retried a few times if a tick fell in between.
   */
  private static void assertByteIdenticalBetween(List<String> ipvsadm,
      java.util.concurrent.Callable<String> svcnet) throws Exception {
    for (int attempt = 0; attempt < 10; attempt++) {
      String before = svcnet.call();
      String real = ExternalCommand.of(ipvsadm.toArray(String[]::new)).runChecked();
      String after = svcnet.call();
      if (before.equals(after)) {
        assertThat(before).isEqualTo(real);
        return;
      }
    }
    throw new AssertionError("svcnet's own text never held still across one ipvsadm run");
  }

  @ParameterizedTest(name = "with traffic: ipvsadm -L -n {0}")
  @ValueSource(strings = {"", "--stats", "--stats --exact", "--rate", "--rate --exact",
      "--persistent-conn"})
  void listingsWithCountersAreByteIdentical(String flags) throws Exception {
    programWithSvcnet();
    sendUdpTraffic();
    awaitSixPackets();
    List<String> argv = new java.util.ArrayList<>(List.of("ipvsadm", "-L", "-n"));
    if (!flags.isEmpty()) {
      argv.addAll(List.of(flags.split(" ")));
    }
    IpvsadmListing.View view = flags.contains("--stats") ? IpvsadmListing.View.STATS
        : flags.contains("--rate") ? IpvsadmListing.View.RATE
        : flags.contains("--persistent-conn") ? IpvsadmListing.View.PERSISTENT_CONN
        : IpvsadmListing.View.DEFAULT;
    try (IpvsClient ipvs = IpvsClient.open()) {
      List<Service> table = ipvs.dump();
      assertThat(table.stream().mapToLong(s -> s.stats().inPackets()).sum())
          .as("the packets went through IPVS").isEqualTo(6);
      if (view == IpvsadmListing.View.RATE) {
        assertThat(table.stream().mapToLong(s -> s.stats().inBytesPerSecond()).sum())
            .as("the estimator has seen the bytes").isPositive();
      }
      assertByteIdenticalBetween(argv, () -> IpvsadmListing.render(ipvs.info(), ipvs.dump(),
          new IpvsadmListing.Options(view, flags.contains("--exact"), false)));
    }
  }

  @ParameterizedTest(name = "ipvsadm -L -n {0}")
  @ValueSource(strings = {"-c", "-c --exact", "-c --persistent-conn"})
  void connectionListingsAreByteIdentical(String flags) throws Exception {
    programWithSvcnet();
    openTcpConnections();
    sendUdpTraffic();
    List<dev.svcnet.ipvs.Connection> table = dev.svcnet.ipvs.Connections.read();
    assertThat(table).as("TCP entries of the Masq service")
        .filteredOn(c -> c.protocol().equals("TCP") && c.virtualPort() == 80).hasSize(4);
    assertThat(table).as("UDP entries of the IPv6 service")
        .filteredOn(c -> c.protocol().equals("UDP") && c.virtualPort() == 53).isNotEmpty();
    List<String> argv = new java.util.ArrayList<>(List.of("ipvsadm", "-L", "-n"));
    argv.addAll(List.of(flags.split(" ")));
    boolean persistentConn = flags.contains("--persistent-conn");
    assertByteIdenticalBetween(argv, () -> IpvsadmListing.connections(
        dev.svcnet.ipvs.Connections.read(), persistentConn));
  }
}
