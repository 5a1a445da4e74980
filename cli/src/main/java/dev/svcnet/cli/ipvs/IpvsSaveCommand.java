package dev.svcnet.cli.ipvs;

import dev.svcnet.ipvs.IpvsClient;
import dev.svcnet.ipvs.text.IpvsadmRules;
import dev.svcnet.netlink.NetlinkException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code svcnet ipvs save}: the table as {@code ipvsadm -S -n} writes it. */
@Command(
    name = "save",
    mixinStandardHelpOptions = true,
    description = "Write the IPVS table as rules, as 'ipvsadm -S -n' does.")
final class IpvsSaveCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--with-thresholds",
      description = "also write -x/-y for destinations with thresholds (ipvsadm -S drops them;"
          + " ipvsadm-restore reads them)")
  boolean withThresholds;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (IpvsClient client = IpvsBackend.opener.open()) {
      out.print(IpvsadmRules.write(client.dump(), withThresholds));
      out.flush();
      return 0;
    } catch (NetlinkException e) {
      return IpvsCommand.kernelFailure(spec, e, i -> "operation " + i);
    }
  }
}
