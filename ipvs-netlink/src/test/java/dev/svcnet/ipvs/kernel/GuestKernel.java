package dev.svcnet.ipvs.kernel;

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

  /** In the calling thread's namespace: dummy {@code d0} with 10.244/16 and fd00:244::/64. */
  static void addRoutableDummy() throws IOException {
    ExternalCommand.of("ip", "link", "add", "d0", "type", "dummy").runChecked();
    ExternalCommand.of("ip", "addr", "add", "10.244.0.1/16", "dev", "d0").runChecked();
    ExternalCommand.of("ip", "-6", "addr", "add", "fd00:244::1/64", "dev", "d0", "nodad")
        .runChecked();
    ExternalCommand.of("ip", "link", "set", "d0", "up").runChecked();
    ExternalCommand.of("ip", "route", "add", "default", "dev", "d0").runChecked();
    ExternalCommand.of("ip", "-6", "route", "add", "default", "dev", "d0").runChecked();
  }
}
