package dev.svcnet.cli.ipvs;

import dev.svcnet.ipvs.IpvsBatchException;
import dev.svcnet.netlink.NetlinkException;
import java.io.PrintWriter;
import java.util.function.IntFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code svcnet ipvs}: the kernel's IPVS table in ipvsadm's text formats.
 *
 * <p>Exit codes: 0 done; 1 the kernel refused or has no IPVS (the message says why); 2 bad
 * usage or bad input (the message names the option, or the line of the rule file).
 */
@Command(
    name = "ipvs",
    mixinStandardHelpOptions = true,
    description = "List, save and restore the kernel's IPVS table in ipvsadm's formats.",
    subcommands = {IpvsListCommand.class, IpvsSaveCommand.class, IpvsRestoreCommand.class,
        IpvsRenderCommand.class})
public final class IpvsCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command: list, save or restore");
  }

  /**
   * Reports a kernel-side failure on stderr and gives exit code 1. A failed batch lists each
   * failed operation, described by {@code describe} (e.g. the rule file line it came from).
   */
  static int kernelFailure(CommandSpec spec, NetlinkException e, IntFunction<String> describe) {
    PrintWriter err = spec.commandLine().getErr();
    String command = spec.qualifiedName();
    if (e instanceof IpvsBatchException batch) {
      err.println(command + ": " + batch.failures().size() + " operation(s) failed:");
      for (IpvsBatchException.Failure failure : batch.failures()) {
        err.println("  " + describe.apply(failure.index()) + ": "
            + failure.error().getMessage());
      }
    } else {
      err.println(command + ": " + e.getMessage());
    }
    err.flush();
    return 1;
  }
}
