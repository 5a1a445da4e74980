package dev.svcnet.harness.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Programs IPVS with the real ipvsadm in the Debian kernel and reads it back. */
class KernelVmIpvsTest {

  @Test
  void ipvsadmProgramsAVirtualServiceInTheGuestKernel() throws Exception {
    KernelVm vm = VmAssumptions.availableVm().withTimeout(Duration.ofMinutes(3));
    GuestResult result = vm.runShell(String.join("\n",
        "set -e",
        "modprobe ip_vs",
        "modprobe dummy",
        // Masq destinations need a route to the real server.
        "ip link add svcnet0 type dummy",
        "ip addr add 10.244.0.1/16 dev svcnet0",
        "ip link set svcnet0 up",
        "ip route add default dev svcnet0",
        "ipvsadm -A -t 10.96.0.10:80 -s rr",
        "ipvsadm -a -t 10.96.0.10:80 -r 10.244.1.2:8080 -m",
        "ipvsadm -L -n > /svcnet-io/ipvs.txt",
        "uname -r > /svcnet-io/uname.txt"));
    try {
      System.out.printf("boot to command %.1f s, total %.1f s%n",
          result.bootTime().toMillis() / 1000.0, result.totalTime().toMillis() / 1000.0);
      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.readIoFile("uname.txt").strip())
          .isEqualTo(KernelVmTestSupport.preparedKernelVersion());
      // Exactly as ipvsadm prints them, padding included (InActConn is printed as %-10u).
      assertThat(result.readIoFile("ipvs.txt").lines().toList()).containsExactly(
          "IP Virtual Server version 1.2.1 (size=4096)",
          "Prot LocalAddress:Port Scheduler Flags",
          "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
          "TCP  10.96.0.10:80 rr",
          "  -> 10.244.1.2:8080              Masq    1      0          0         ");
      assertThat(result.console()).contains(ConsoleCapture.COMMAND_MARKER);
    } finally {
      result.deleteIoDir();
    }
  }
}
