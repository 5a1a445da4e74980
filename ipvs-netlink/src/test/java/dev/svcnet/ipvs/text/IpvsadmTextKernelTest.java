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

  @ParameterizedTest(name = "with traffic: ipvsadm -L -n {0}")
  @ValueSource(strings = {"", "--stats", "--stats --exact", "--persistent-conn"})
  void listingsWithCountersAreByteIdentical(String flags) throws Exception {
    programWithSvcnet();
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
    // the kernel folds per-CPU counters into the totals on its estimator's tick (every 2 s
    // on recent kernels): wait until all six packets show, after which the totals stay put
    try (IpvsClient ipvs = IpvsClient.open()) {
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (ipvs.dump().stream().mapToLong(s -> s.stats().inPackets()).sum() < 6
          && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
    }
    List<String> argv = new java.util.ArrayList<>(List.of("ipvsadm", "-L", "-n"));
    if (!flags.isEmpty()) {
      argv.addAll(List.of(flags.split(" ")));
    }
    String real = ExternalCommand.of(argv.toArray(String[]::new)).runChecked();
    IpvsadmListing.View view = flags.contains("--stats") ? IpvsadmListing.View.STATS
        : flags.contains("--persistent-conn") ? IpvsadmListing.View.PERSISTENT_CONN
        : IpvsadmListing.View.DEFAULT;
    try (IpvsClient ipvs = IpvsClient.open()) {
      List<Service> table = ipvs.dump();
      assertThat(table.stream().mapToLong(s -> s.stats().inPackets()).sum())
          .as("the packets went through IPVS").isEqualTo(6);
      String ours = IpvsadmListing.render(ipvs.info(), table,
          new IpvsadmListing.Options(view, flags.contains("--exact"), false));
      assertThat(ours).isEqualTo(real);
    }
  }
}
