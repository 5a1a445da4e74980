package dev.svcnet.ipvs.kernel;

import dev.svcnet.harness.vm.RoutableDummy;
import dev.svcnet.netlink.exec.ExternalCommand;
import java.io.IOException;
import java.util.List;

/**
 * Set-up inside the QEMU guest: IPVS and its schedulers as modules (loaded up front so a missing
 * module fails here, by name, rather than as an unknown scheduler later), and a dummy interface
 * whose addresses and default route make real servers routable (the kernel refuses a Masq
 * destination it cannot route to).
 */
final class GuestKernel {

  static final List<String> MODULES = List.of("ip_vs", "ip_vs_rr", "ip_vs_wrr", "ip_vs_lc",
      "ip_vs_wlc", "ip_vs_sh", "ip_vs_dh", "ip_vs_mh", "ip_vs_sed", "ip_vs_nq", "ip_vs_fo",
      "ip_vs_ovf", "ip_vs_lblc", "ip_vs_lblcr", "dummy");

  private GuestKernel() {}

  static void loadModules() throws IOException {
    for (String module : MODULES) {
      ExternalCommand.of("modprobe", module).runChecked();
    }
  }

  /** In the calling thread's namespace: see {@link RoutableDummy}. */
  static void addRoutableDummy() throws IOException {
    RoutableDummy.add();
  }
}
