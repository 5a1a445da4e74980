package dev.svcnet.harness.vm;

import dev.svcnet.netlink.exec.CommandResult;
import dev.svcnet.netlink.exec.ExternalCommand;
import java.io.IOException;
import java.util.List;

/**
 * Makes real servers routable in the calling thread's network namespace (inside the kernel VM):
 * the kernel refuses an IPVS Masq destination it has no route to. Adds dummy interface
 * {@value #NAME} with 10.244.0.1/16 and fd00:244::1/64, default routes for both families through
 * it, and any extra addresses (e.g. client addresses that sockets must bind to). One
 * {@code ip -batch} run, since every process start is slow under emulation.
 */
public final class RoutableDummy {

  public static final String NAME = "d0";

  private RoutableDummy() {}

  /**
   * @param extraCidrs more addresses for the interface, as {@code address/prefix}
   * @throws IOException if {@code ip} refuses (e.g. the dummy module is missing)
   */
  public static void add(List<String> extraCidrs) throws IOException {
    StringBuilder batch = new StringBuilder()
        .append("link add ").append(NAME).append(" type dummy\n")
        .append("addr add 10.244.0.1/16 dev ").append(NAME).append('\n')
        .append("addr add fd00:244::1/64 dev ").append(NAME).append(" nodad\n");
    for (String cidr : extraCidrs) {
      batch.append("addr add ").append(cidr).append(" dev ").append(NAME).append('\n');
    }
    batch.append("link set ").append(NAME).append(" up\n")
        .append("route add default dev ").append(NAME).append('\n')
        .append("route add ::/0 dev ").append(NAME).append('\n');
    CommandResult result = ExternalCommand.of("ip", "-batch", "-").withStdin(batch.toString())
        .run();
    if (!result.succeeded()) {
      throw new IOException(result.describe());
    }
  }

  /** {@link #add(List)} with no extra addresses. */
  public static void add() throws IOException {
    add(List.of());
  }
}
