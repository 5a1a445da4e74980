package dev.svcnet.cli.ipvs;

import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.ipvs.text.IpvsadmListing;
import dev.svcnet.ipvs.text.IpvsadmListing.View;
import dev.svcnet.netlink.NetlinkException;
import java.io.IOException;
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
 * --persistent-conn and --tun-info. {@code --connections} ({@code -c}) prints the connection
 * table instead, as {@code ipvsadm -L -n -c}.
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

  @Option(names = {"-c", "--connections"},
      description = "the connection table, as 'ipvsadm -L -n -c' (with --persistent-conn: "
          + "also the persistence engine columns)")
  boolean connections;

  @Override
  public Integer call() {
    if (timeout && (stats || rate || thresholds || persistentConn)) {
      // ipvsadm: "options conflicts in the list command"
      throw new ParameterException(spec.commandLine(),
          "--timeout conflicts with --stats, --rate, --thresholds and --persistent-conn");
    }
    if (connections && (timeout || stats || rate || thresholds)) {
      throw new ParameterException(spec.commandLine(),
          "--connections conflicts with --timeout, --stats, --rate and --thresholds");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (connections) {
      return listConnections(out);
    }
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

  /** The calling thread's connection table (the kernel offers it only in /proc). */
  private int listConnections(PrintWriter out) {
    try {
      out.print(IpvsadmListing.connections(IpvsBackend.connections.read(), persistentConn));
      out.flush();
      return 0;
    } catch (NetlinkException e) {
      return IpvsCommand.kernelFailure(spec, e, i -> "operation " + i);
    } catch (IOException e) {
      spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
      return 1;
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
