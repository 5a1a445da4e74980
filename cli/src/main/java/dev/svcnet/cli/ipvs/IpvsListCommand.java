package dev.svcnet.cli.ipvs;

import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.ipvs.text.IpvsadmListing;
import dev.svcnet.ipvs.text.IpvsadmListing.View;
import dev.svcnet.netlink.NetlinkException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code svcnet ipvs list}: the table exactly as {@code ipvsadm -L -n} prints it. As in ipvsadm,
 * when several views are asked for, --stats wins over --rate, then --thresholds,
 * --persistent-conn and --tun-info.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "Print the IPVS table as 'ipvsadm -L -n' does.")
final class IpvsListCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--stats", description = "connections, packets and bytes")
  boolean stats;

  @Option(names = "--rate", description = "connections, packets and bytes per second")
  boolean rate;

  @Option(names = "--exact", description = "numbers in full, without K/M/G/T")
  boolean exact;

  @Option(names = "--thresholds", description = "upper and lower connection thresholds")
  boolean thresholds;

  @Option(names = "--persistent-conn", description = "persistent connection counts")
  boolean persistentConn;

  @Option(names = "--tun-info", description = "tunnel type, port and checksum")
  boolean tunInfo;

  @Option(names = "--nosort", description = "the kernel's order instead of ipvsadm's")
  boolean noSort;

  @Option(names = "--timeout", description = "only the tcp, tcpfin and udp timeouts")
  boolean timeout;

  @Override
  public Integer call() {
    if (timeout && (stats || rate || thresholds || persistentConn)) {
      // ipvsadm: "options conflicts in the list command"
      throw new ParameterException(spec.commandLine(),
          "--timeout conflicts with --stats, --rate, --thresholds and --persistent-conn");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (IpvsClient client = IpvsBackend.opener.open()) {
      if (timeout) {
        out.print(IpvsadmListing.timeouts(client.timeouts()));
      } else {
        var info = client.info();
        var table = client.dump();
        out.print(IpvsadmListing.render(info, table,
            new IpvsadmListing.Options(view(), exact, noSort)));
      }
      out.flush();
      return 0;
    } catch (NetlinkException e) {
      return IpvsCommand.kernelFailure(spec, e, i -> "operation " + i);
    }
  }

  private View view() {
    if (stats) {
      return View.STATS;
    }
    if (rate) {
      return View.RATE;
    }
    if (thresholds) {
      return View.THRESHOLDS;
    }
    if (persistentConn) {
      return View.PERSISTENT_CONN;
    }
    return tunInfo ? View.TUN_INFO : View.DEFAULT;
  }
}
