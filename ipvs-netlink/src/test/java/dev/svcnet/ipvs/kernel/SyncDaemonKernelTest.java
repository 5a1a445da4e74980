package dev.svcnet.ipvs.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.svcnet.harness.netns.InNetworkNamespace;
import dev.svcnet.harness.vm.InKernelVm;
import dev.svcnet.harness.vm.RoutableDummy;
import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.ipvs.SyncDaemon;
import dev.svcnet.netlink.exec.ExternalCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sync daemons in Debian's kernel under QEMU, both ways: what {@link IpvsClient} starts and
 * stops, the real {@code ipvsadm -L --daemon} shows; what {@code ipvsadm --start-daemon} /
 * {@code --stop-daemon} does, {@link IpvsClient#daemons()} shows. The multicast interface is
 * the harness's dummy (it has an IPv4 address, which the kernel needs for the sync socket).
 * Each test has a fresh network namespace of the guest, so no daemon runs at its start.
 */
@InKernelVm(timeoutSeconds = 600)
@InNetworkNamespace
class SyncDaemonKernelTest {

  /** ipvsadm 1.31: "master sync daemon (mcast=%s, syncid=%d" then optional ", key=value"s. */
  private static final Pattern IPVSADM_DAEMON =
      Pattern.compile("(master|backup) sync daemon \\(mcast=(\\S+?), syncid=(\\d+)[,)].*");

  @BeforeAll
  static void loadModules() throws Exception {
    GuestKernel.loadModules();
  }

  @BeforeEach
  void dummyInterface() throws Exception {
    RoutableDummy.add();
  }

  /** The daemons as the real ipvsadm lists them, parsed into svcnet's record. */
  private static List<SyncDaemon> ipvsadmDaemons() throws Exception {
    String text = ExternalCommand.of("ipvsadm", "-L", "--daemon").runChecked();
    List<SyncDaemon> daemons = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      Matcher m = IPVSADM_DAEMON.matcher(line);
      assertThat(m.matches()).as("ipvsadm daemon line: " + line).isTrue();
      daemons.add(new SyncDaemon(m.group(1).equals("master") ? SyncDaemon.State.MASTER
          : SyncDaemon.State.BACKUP, m.group(2), Integer.parseInt(m.group(3))));
    }
    return daemons;
  }

  @Test
  void daemonsStartedAndStoppedBySvcnetShowInIpvsadm() throws Exception {
    SyncDaemon master = new SyncDaemon(SyncDaemon.State.MASTER, RoutableDummy.NAME, 7);
    SyncDaemon backup = new SyncDaemon(SyncDaemon.State.BACKUP, RoutableDummy.NAME, 9);
    try (IpvsClient ipvs = IpvsClient.open()) {
      assertThat(ipvs.daemons()).isEmpty();
      assertThat(ipvsadmDaemons()).isEmpty();
      ipvs.startDaemon(master);
      assertThat(ipvsadmDaemons()).containsExactly(master);
      ipvs.startDaemon(backup);
      assertThat(ipvsadmDaemons()).containsExactly(master, backup);
      assertThat(ipvs.daemons()).containsExactly(master, backup);
      ipvs.stopDaemon(SyncDaemon.State.MASTER);
      assertThat(ipvsadmDaemons()).containsExactly(backup);
      ipvs.stopDaemon(SyncDaemon.State.BACKUP);
      assertThat(ipvsadmDaemons()).isEmpty();
      assertThat(ipvs.daemons()).isEmpty();
    }
  }

  @Test
  void daemonsStartedAndStoppedByIpvsadmShowInSvcnet() throws Exception {
    try (IpvsClient ipvs = IpvsClient.open()) {
      ExternalCommand.of("ipvsadm", "--start-daemon", "master", "--mcast-interface",
          RoutableDummy.NAME, "--syncid", "3").runChecked();
      assertThat(ipvs.daemons()).containsExactly(
          new SyncDaemon(SyncDaemon.State.MASTER, RoutableDummy.NAME, 3));
      ExternalCommand.of("ipvsadm", "--start-daemon", "backup", "--mcast-interface",
          RoutableDummy.NAME, "--syncid", "200").runChecked();
      assertThat(ipvs.daemons()).containsExactly(
          new SyncDaemon(SyncDaemon.State.MASTER, RoutableDummy.NAME, 3),
          new SyncDaemon(SyncDaemon.State.BACKUP, RoutableDummy.NAME, 200));
      ExternalCommand.of("ipvsadm", "--stop-daemon", "backup").runChecked();
      assertThat(ipvs.daemons()).containsExactly(
          new SyncDaemon(SyncDaemon.State.MASTER, RoutableDummy.NAME, 3));
      ExternalCommand.of("ipvsadm", "--stop-daemon", "master").runChecked();
      assertThat(ipvs.daemons()).isEmpty();
    }
  }
}
