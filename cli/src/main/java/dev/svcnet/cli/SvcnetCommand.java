package dev.svcnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code svcnet} command. Subcommands are listed here; each lives in its own class.
 *
 * <p>Exit codes: 0 success, 1 a check or operation failed, 2 bad usage (unknown command, bad
 * argument; the message names the argument and usage goes to stderr).
 */
@Command(
    name = "svcnet",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "The Linux data plane behind Kubernetes Services: IPVS, netfilter, load balancing,"
        + " Ingress routing and a conformance suite.",
    subcommands = {
        ConformanceCommand.class,
        dev.svcnet.cli.lb.LbCommand.class,
        dev.svcnet.cli.ingress.IngressCommand.class,
        dev.svcnet.cli.iptables.IptablesCommand.class,
        dev.svcnet.cli.proxy.DnsCommand.class,
        dev.svcnet.cli.proxy.ProxyCommand.class,
        dev.svcnet.cli.ipvs.IpvsCommand.class,
    })
public final class SvcnetCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command");
  }

  /** Runs the command line and returns its exit code (for tests and {@link #main}). */
  public static int execute(String... args) {
    return new CommandLine(new SvcnetCommand()).execute(args);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }
}
